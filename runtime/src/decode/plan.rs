//! The capture plan: every body location a catalog can read, as a trie.
//!
//! A body is parsed once. Where the plan has no node the parser skips the value
//! (serde's `IgnoredAny`); where it has one, only what some consumer can use is kept.
//! The plan is built on first use of a catalog and shared afterwards.

use std::borrow::Cow;

use errtable_core::pointer::array_index;
use errtable_core::{Catalog, DelaySource, Envelope, FieldType, Pointer, Source};

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
    pub(crate) key: Cow<'static, str>,
    pub(crate) index: Option<usize>,
    pub(crate) node: PlanNode,
}

/// Keeps scalars only: members of a `map<string>` and elements of `list<_>` fields.
pub(crate) static SCALAR_ONLY: PlanNode =
    PlanNode { keep: SCALAR, children: Vec::new(), each: None };

#[derive(Clone)]
enum Step {
    Key(Cow<'static, str>),
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
        let next = match first {
            Step::Each => &mut **self.each.get_or_insert_with(Default::default),
            Step::Key(key) => {
                let at = match self.children.iter().position(|c| c.key == *key) {
                    Some(at) => at,
                    None => {
                        let index = array_index(key);
                        let key = key.clone();
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

impl Plan {
    /// Collects every body read of `table`.
    pub(crate) fn build(table: &'static Catalog) -> Plan {
        let mut root = PlanNode::default();
        // Where errors are built: the document, and each item of each bulk rule.
        let mut sites: Vec<Vec<Step>> = vec![Vec::new()];

        demand_envelope(&mut root, &[], &table.envelope);
        for rule in table.embedded.iter() {
            let mut base: Vec<Step> = Vec::new();
            if let Some(items) = &rule.items {
                base.extend(items.tokens().map(Step::Key));
                base.push(Step::Each);
                sites.push(base.clone());
            }
            root.insert(&join(&base, &rule.when), SCALAR);
            demand_envelope(&mut root, &base, &rule.envelope);
        }
        for site in &sites {
            demand_delays(&mut root, site, &table.retry.delay_from);
            for entry in table.entries.iter() {
                if let Some(delays) = &entry.delay_from {
                    demand_delays(&mut root, site, delays);
                }
                for field in entry.fields.iter() {
                    demand_field(&mut root, site, field.ty, &field.from, table);
                }
            }
        }
        root.finish();
        Plan { root }
    }
}

fn join(base: &[Step], pointer: &'static Pointer) -> Vec<Step> {
    base.iter().cloned().chain(pointer.tokens().map(Step::Key)).collect()
}

fn demand_envelope(root: &mut PlanNode, base: &[Step], envelope: &'static Envelope) {
    let lists = [
        (&envelope.code, SCALAR | ARRAY_OF_SCALARS),
        (&envelope.message, SCALAR | ARRAY_OF_SCALARS),
        (&envelope.request_id, SCALAR),
    ];
    for (sources, keep) in lists {
        for source in sources.iter() {
            if let Source::Body(pointer) = source {
                root.insert(&join(base, pointer), keep);
            }
        }
    }
}

fn demand_delays(root: &mut PlanNode, base: &[Step], delays: &'static [DelaySource]) {
    for delay in delays {
        if let Source::Body(pointer) = &delay.from {
            root.insert(&join(base, pointer), SCALAR);
        }
    }
}

fn demand_field(
    root: &mut PlanNode,
    base: &[Step],
    ty: FieldType,
    from: &'static [Source],
    table: &'static Catalog,
) {
    for source in from {
        let Source::Body(pointer) = source else { continue };
        let path = join(base, pointer);
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
                    for field in object_type.fields.iter() {
                        demand_field(root, &object, field.ty, &field.from, table);
                    }
                }
            }
        }
    }
}
