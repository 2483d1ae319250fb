//! The capture plan: every body location a catalog can read, as a trie.
//!
//! A body is parsed once. Where the plan has no node the parser skips the value
//! (serde's `IgnoredAny`); where it has one, only what some consumer can use is kept.
//! The plan is built on first use of a catalog and shared afterwards.

use crate::table::{CatalogTable, DelaySource, Envelope, FieldType, Source};

/// Keep the value when it is a scalar.
pub(crate) const SCALAR: u8 = 1;
/// Keep the scalar elements when the value is an array.
pub(crate) const ARRAY_OF_SCALARS: u8 = 2;
/// Keep the scalar members when the value is an object.
pub(crate) const OBJECT_OF_SCALARS: u8 = 4;

/// The capture plan of one catalog.
#[derive(Debug)]
pub struct Plan {
    pub(crate) root: PlanNode,
}

/// What to keep at one location.
#[derive(Debug, Default, Clone)]
pub(crate) struct PlanNode {
    pub(crate) keep: u8,
    /// Object members by key; array elements by index when the key is an index.
    pub(crate) children: Vec<Child>,
    /// Every element of an array (bulk items, lists of objects).
    pub(crate) each: Option<Box<PlanNode>>,
}

#[derive(Debug, Clone)]
pub(crate) struct Child {
    pub(crate) key: &'static str,
    pub(crate) index: Option<usize>,
    pub(crate) node: PlanNode,
}

/// Keeps scalars only: members of a `map<string>` and elements of `list<_>` fields.
pub(crate) static SCALAR_ONLY: PlanNode =
    PlanNode { keep: SCALAR, children: Vec::new(), each: None };

#[derive(Clone, Copy)]
enum Step {
    Key(&'static str),
    Each,
}

impl PlanNode {
    pub(crate) fn child(&self, key: &str) -> Option<&PlanNode> {
        self.children.iter().find(|c| c.key == key).map(|c| &c.node)
    }

    pub(crate) fn element(&self, index: usize) -> Option<&PlanNode> {
        self.children
            .iter()
            .find(|c| c.index == Some(index))
            .map(|c| &c.node)
            .or(self.each.as_deref())
    }

    /// Whether anything inside an array or object at this node is kept.
    pub(crate) fn looks_inside_arrays(&self) -> bool {
        self.each.is_some() || self.children.iter().any(|c| c.index.is_some())
    }

    pub(crate) fn looks_inside_objects(&self) -> bool {
        !self.children.is_empty() || self.keep & OBJECT_OF_SCALARS != 0
    }

    fn insert(&mut self, path: &[Step], keep: u8) {
        let Some((first, rest)) = path.split_first() else {
            self.keep |= keep;
            return;
        };
        let next = match *first {
            Step::Each => &mut **self.each.get_or_insert_with(Default::default),
            Step::Key(key) => {
                let at = match self.children.iter().position(|c| c.key == key) {
                    Some(at) => at,
                    None => {
                        let index = array_index(key);
                        self.children.push(Child { key, index, node: PlanNode::default() });
                        self.children.len() - 1
                    }
                };
                &mut self.children[at].node
            }
        };
        next.insert(rest, keep);
    }

    fn merge(&mut self, other: &PlanNode) {
        self.keep |= other.keep;
        for child in &other.children {
            match self.children.iter_mut().find(|c| c.key == child.key) {
                Some(mine) => mine.node.merge(&child.node),
                None => self.children.push(child.clone()),
            }
        }
        if let Some(each) = &other.each {
            self.each.get_or_insert_with(Default::default).merge(each);
        }
    }

    /// Makes the plan self-contained: what a list or map keeps reaches its elements,
    /// and an array's indexed children also get what every element gets.
    fn finish(&mut self) {
        if self.keep & ARRAY_OF_SCALARS != 0 {
            self.each.get_or_insert_with(Default::default).keep |= SCALAR;
            for child in self.children.iter_mut().filter(|c| c.index.is_some()) {
                child.node.keep |= SCALAR;
            }
        }
        if self.keep & OBJECT_OF_SCALARS != 0 {
            for child in &mut self.children {
                child.node.keep |= SCALAR;
            }
        }
        if let Some(each) = self.each.clone() {
            for child in self.children.iter_mut().filter(|c| c.index.is_some()) {
                child.node.merge(&each);
            }
        }
        for child in &mut self.children {
            child.node.finish();
        }
        if let Some(each) = &mut self.each {
            each.finish();
        }
    }
}

/// RFC 6901 array index: `0`, or digits without a leading zero.
pub(crate) fn array_index(token: &str) -> Option<usize> {
    let digits = !token.is_empty() && token.bytes().all(|b| b.is_ascii_digit());
    if !digits || (token.len() > 1 && token.starts_with('0')) {
        return None;
    }
    token.parse().ok()
}

impl Plan {
    /// Collects every body read of `table`.
    pub(crate) fn build(table: &CatalogTable) -> Plan {
        let mut root = PlanNode::default();
        // Where errors are built: the document, and each item of each bulk rule.
        let mut sites: Vec<Vec<Step>> = vec![Vec::new()];

        demand_envelope(&mut root, &[], &table.envelope);
        for rule in table.embedded {
            let mut base: Vec<Step> = Vec::new();
            if let Some(items) = rule.items {
                base.extend(items.iter().map(|t| Step::Key(t)));
                base.push(Step::Each);
                sites.push(base.clone());
            }
            root.insert(&join(&base, rule.when), SCALAR);
            demand_envelope(&mut root, &base, &rule.envelope);
        }
        for site in &sites {
            demand_delays(&mut root, site, table.delay_from);
            for entry in table.entries {
                if let Some(delays) = entry.delay_from {
                    demand_delays(&mut root, site, delays);
                }
                for field in entry.fields {
                    demand_field(&mut root, site, field.ty, field.from, table);
                }
            }
        }
        root.finish();
        Plan { root }
    }
}

fn join(base: &[Step], tokens: &[&'static str]) -> Vec<Step> {
    base.iter().copied().chain(tokens.iter().map(|t| Step::Key(t))).collect()
}

fn demand_envelope(root: &mut PlanNode, base: &[Step], envelope: &Envelope) {
    let lists =
        [(envelope.code, SCALAR | ARRAY_OF_SCALARS), (envelope.message, SCALAR | ARRAY_OF_SCALARS)];
    for (sources, keep) in lists.into_iter().chain([(envelope.request_id, SCALAR)]) {
        for source in sources {
            if let Source::Body(tokens) = source {
                root.insert(&join(base, tokens), keep);
            }
        }
    }
}

fn demand_delays(root: &mut PlanNode, base: &[Step], delays: &[DelaySource]) {
    for delay in delays {
        match delay {
            DelaySource::BodySeconds(tokens) | DelaySource::BodyMilliseconds(tokens) => {
                root.insert(&join(base, tokens), SCALAR);
            }
            DelaySource::Header(_) => {}
        }
    }
}

fn demand_field(
    root: &mut PlanNode,
    base: &[Step],
    ty: FieldType,
    from: &[Source],
    table: &CatalogTable,
) {
    for source in from {
        let Source::Body(tokens) = source else { continue };
        let path = join(base, tokens);
        match ty {
            FieldType::Integer | FieldType::Number | FieldType::String | FieldType::Boolean => {
                root.insert(&path, SCALAR);
            }
            FieldType::StringList | FieldType::IntegerList => root.insert(&path, ARRAY_OF_SCALARS),
            FieldType::StringMap => root.insert(&path, OBJECT_OF_SCALARS),
            FieldType::Object(t) | FieldType::ObjectList(t) => {
                let mut object = path;
                if matches!(ty, FieldType::ObjectList(_)) {
                    object.push(Step::Each);
                }
                // The object itself must be kept even when none of its fields is present.
                root.insert(&object, 0);
                if let Some(object_type) = table.types.get(usize::from(t)) {
                    for field in object_type.fields {
                        demand_field(root, &object, field.ty, field.from, table);
                    }
                }
            }
        }
    }
}
