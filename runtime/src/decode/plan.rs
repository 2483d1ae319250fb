//! The decode plan of a catalog: every body location it can read, as a trie, and each
//! scope's entries indexed by code and by status.
//!
//! A body is scanned once; where the plan has no node the scanner only validates, where
//! it has one it records a capture, tagged with the interned key of its member. Every
//! body pointer of the catalog is resolved to interned keys here, once, so that reading
//! a value compares integers rather than walking the pointer's text. The plan is built
//! on first use of a catalog (by its [`Decoder`](super::Decoder)) and shared afterwards.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use errtable_core::{
    Catalog, Condition, DelaySource, EntryId, Envelope, FieldType, Pointer, Source,
};

use super::text::unescape;

/// The value is read here (captured whatever its kind, so a repeated key's last value
/// counts even when it is not the kind read).
const SCALAR: u8 = 1;
/// Keep the scalar elements when the value is an array.
const ARRAY_OF_SCALARS: u8 = 2;
/// Keep the scalar members when the value is an object.
const OBJECT_OF_SCALARS: u8 = 4;

/// A node of the plan.
pub(crate) type NodeId = u32;

/// A member key of the plan, interned.
pub(crate) type KeyId = u32;

/// No interned key: the document, array elements, members kept only as scalars.
pub(crate) const NO_KEY: KeyId = u32::MAX;

/// One reference token of a resolved pointer.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Token {
    /// The member it names in an object.
    pub(crate) key: KeyId,
    /// The element it names in an array, when it spells an index.
    pub(crate) index: Option<u32>,
}

/// The decode plan of one catalog.
#[derive(Debug)]
pub(crate) struct Plan {
    nodes: Vec<Node>,
    /// Per scope (0: global, `i + 1`: operation `i`).
    scopes: Vec<ScopeIndex>,
    /// Every body pointer of the catalog, by the address of its text, as interned
    /// tokens; `None` for a pointer with a selector or a token holding U+FFFD, which is
    /// walked by its text. The catalog is `'static` and immutable, so an address and
    /// length always name the same text; one found elsewhere (a clone of owned text)
    /// misses, and is walked by its text too.
    pointers: HashMap<TextAddress, Option<Box<[Token]>>, BuildHasherDefault<CatalogHasher>>,
}

#[derive(Debug, Default, Clone)]
struct Node {
    keep: u8,
    /// The interned key of the member this node is, or [`NO_KEY`].
    key: KeyId,
    /// Object members by key, array elements by index.
    children: Vec<Child>,
    /// Every element of an array (bulk items, lists).
    each: Option<NodeId>,
}

#[derive(Debug, Clone)]
struct Child {
    key: Box<str>,
    /// The array index the key spells (RFC 6901), if any.
    index: Option<usize>,
    node: NodeId,
}

/// A scope's entries, ready for lookup.
#[derive(Debug, Default)]
struct ScopeIndex {
    /// Wire code (canonical text, aliases included) to the entries with it, in order.
    by_code: HashMap<Box<str>, Vec<EntryId>, BuildHasherDefault<CatalogHasher>>,
    /// Status to the entries matching it by status alone, in order.
    by_status: HashMap<u16, Vec<EntryId>, BuildHasherDefault<CatalogHasher>>,
}

impl Plan {
    /// The document.
    pub(crate) const ROOT: NodeId = 0;
    /// Keeps scalars only: members of a `map<string>` field.
    const SCALAR_ONLY: NodeId = 1;

    /// Collects every body read of `catalog` and indexes its scopes.
    pub(crate) fn build(catalog: &'static Catalog) -> Plan {
        let mut b = Builder { tree: Tree::default(), read: Vec::new(), catalog };
        // Where errors are built: the document, and each item of an envelope with items.
        let mut sites: Vec<Vec<Step>> = vec![Vec::new()];
        b.envelope(&[], &catalog.envelope);
        if let Some(items) = &catalog.envelope.items {
            let base = b.items(items);
            // Every item counts, a scalar one too (it gives an error without a code).
            b.tree.insert(&base, SCALAR);
            b.envelope(&base, &catalog.envelope);
            sites.push(base);
        }
        if let Some(warnings) = &catalog.warnings {
            b.envelope(&[], warnings);
        }
        for rule in catalog.embedded.iter() {
            let base = rule.envelope.items.as_ref().map(|items| b.items(items)).unwrap_or_default();
            if !base.is_empty() {
                sites.push(base.clone());
            }
            b.read(&base, &rule.when, SCALAR);
            b.envelope(&base, &rule.envelope);
        }
        for site in &sites {
            b.delays(site, &catalog.retry.delay_from);
            for entry in catalog.entries.iter() {
                for condition in entry.when.iter() {
                    if let Condition::Body { pointer, .. } = condition {
                        b.read(site, pointer, SCALAR);
                    }
                }
                if let Some(delays) = &entry.delay_from {
                    b.delays(site, delays);
                }
                for field in entry.fields.iter() {
                    b.field(site, field.ty, &field.from);
                }
            }
        }
        let Builder { mut tree, read, .. } = b;
        tree.finish();
        let scopes = std::iter::once(&catalog.global)
            .chain(catalog.operations.iter().map(|op| &op.scope))
            .map(|scope| ScopeIndex::build(catalog, &scope.entries))
            .collect();
        let mut keys = HashMap::new();
        let nodes = tree.flatten(&mut keys);
        let pointers =
            read.into_iter().map(|pointer| (address(pointer), resolve(pointer, &keys))).collect();
        Plan { nodes, scopes, pointers }
    }

    /// The interned tokens of `pointer`, when it was resolved (see [`Plan::pointers`]).
    pub(crate) fn tokens(&self, pointer: &Pointer) -> Option<&[Token]> {
        self.pointers.get(&address(pointer))?.as_deref()
    }

    /// The interned key of the member node `id` is.
    #[inline(always)]
    pub(crate) fn key(&self, id: NodeId) -> KeyId {
        self.node(id).key
    }

    #[inline(always)]
    fn node(&self, id: NodeId) -> &Node {
        &self.nodes[id as usize]
    }

    /// The plan of member `key` of an object at `id` (`key` as written in the body).
    // Inlined into the scanner's loop (see scan.rs): it runs once per member read.
    #[inline(always)]
    pub(crate) fn member(&self, id: NodeId, key: &[u8], escaped: bool) -> Option<NodeId> {
        let node = self.node(id);
        let found = if escaped {
            let key = unescape(key);
            node.children.iter().find(|c| *c.key == *key)
        } else {
            node.children.iter().find(|c| c.key.as_bytes() == key)
        };
        match found {
            Some(child) => Some(child.node),
            None => (node.keep & OBJECT_OF_SCALARS != 0).then_some(Plan::SCALAR_ONLY),
        }
    }

    /// The plan of element `index` of an array at `id`.
    pub(crate) fn element(&self, id: NodeId, index: usize) -> Option<NodeId> {
        let node = self.node(id);
        node.children.iter().find(|c| c.index == Some(index)).map(|c| c.node).or(node.each)
    }

    /// Whether anything inside an array at `id` is kept.
    pub(crate) fn looks_inside_arrays(&self, id: NodeId) -> bool {
        let node = self.node(id);
        node.each.is_some() || node.children.iter().any(|c| c.index.is_some())
    }

    /// Whether anything inside an object at `id` is kept.
    pub(crate) fn looks_inside_objects(&self, id: NodeId) -> bool {
        let node = self.node(id);
        !node.children.is_empty() || node.keep & OBJECT_OF_SCALARS != 0
    }

    /// The entries with wire code `code` in scope `scope`, in resolution order.
    pub(crate) fn by_code(&self, scope: usize, code: &str) -> &[EntryId] {
        self.scopes.get(scope).and_then(|s| s.by_code.get(code)).map_or(&[], Vec::as_slice)
    }

    /// The entries matching `status` by status alone in scope `scope`, in order.
    pub(crate) fn by_status(&self, scope: usize, status: u16) -> &[EntryId] {
        self.scopes.get(scope).and_then(|s| s.by_status.get(&status)).map_or(&[], Vec::as_slice)
    }
}

impl ScopeIndex {
    fn build(catalog: &Catalog, ids: &[EntryId]) -> ScopeIndex {
        let mut index = ScopeIndex::default();
        for &id in ids {
            let Some(entry) = catalog.entries.get(id) else { continue };
            for code in entry.codes() {
                index.by_code.entry(code.text().into()).or_default().push(id);
            }
            if entry.is_status_default() {
                for &status in entry.statuses.iter() {
                    index.by_status.entry(status).or_default().push(id);
                }
            }
        }
        index
    }
}

/// One step of a path: a member (or index) key, every element of an array, or the
/// elements a selector `[name=value]` tests (all kept, with their `name` member; the
/// test is made when the body is read).
#[derive(Clone)]
enum Step {
    Key(String),
    Each,
    Select(String),
}

fn steps(pointer: &Pointer) -> impl Iterator<Item = Step> + '_ {
    pointer.tokens().map(|token| match errtable_core::pointer::selector(&token) {
        Some((name, _)) => Step::Select(name.to_owned()),
        None => Step::Key(token.into_owned()),
    })
}

/// The path to each item of an array at `items`.
fn item_base(items: &Pointer) -> Vec<Step> {
    steps(items).chain([Step::Each]).collect()
}

fn join(base: &[Step], pointer: &Pointer) -> Vec<Step> {
    base.iter().cloned().chain(steps(pointer)).collect()
}

/// A pointer's tokens as interned keys, or `None` when one cannot be compared by key:
/// a selector (its test reads a member's text), a token holding U+FFFD (which a key
/// that is not UTF-8 can read as without being it), a token the plan never interned.
fn resolve(pointer: &Pointer, keys: &HashMap<String, KeyId>) -> Option<Box<[Token]>> {
    pointer
        .tokens()
        .map(|token| {
            if errtable_core::pointer::selector(&token).is_some() || token.contains('\u{FFFD}') {
                return None;
            }
            let index =
                errtable_core::pointer::array_index(&token).and_then(|i| u32::try_from(i).ok());
            Some(Token { key: *keys.get(&*token)?, index })
        })
        .collect()
}

/// Where a pointer's text is, and its length.
type TextAddress = (usize, usize);

fn address(pointer: &Pointer) -> TextAddress {
    let text = pointer.as_str();
    (text.as_ptr() as usize, text.len())
}

/// FxHash's mixing, for the plan's maps: their keys are the catalog's own (a pointer's
/// address, a code). A response's code is only looked up, and a lookup probes no more
/// than the catalog's own keys allow, so a fast hash needs no flooding defence.
#[derive(Default)]
struct CatalogHasher(u64);

impl Hasher for CatalogHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            self.write_u64(u64::from_le_bytes(chunk.try_into().unwrap_or_default()));
        }
        chunks.remainder().iter().for_each(|&byte| self.write_u64(byte.into()));
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }

    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// The plan while it is built: the tree of what is read, and every pointer read (to
/// resolve once the tree is complete).
struct Builder<'c> {
    tree: Tree,
    read: Vec<&'c Pointer>,
    catalog: &'c Catalog,
}

impl<'c> Builder<'c> {
    /// Reads `pointer` from `base`, keeping `keep` there.
    fn read(&mut self, base: &[Step], pointer: &'c Pointer, keep: u8) {
        self.read.push(pointer);
        self.tree.insert(&join(base, pointer), keep);
    }

    /// Reads the array at `items`: the path to each of its items.
    fn items(&mut self, items: &'c Pointer) -> Vec<Step> {
        self.read.push(items);
        item_base(items)
    }

    fn envelope(&mut self, base: &[Step], envelope: &'c Envelope) {
        let lists = [
            (&envelope.code, SCALAR | ARRAY_OF_SCALARS),
            (&envelope.message, SCALAR | ARRAY_OF_SCALARS),
            (&envelope.request_id, SCALAR),
        ];
        for (sources, keep) in lists {
            for source in sources.iter() {
                if let Source::Body(pointer) = source {
                    self.read(base, pointer, keep);
                }
            }
        }
    }

    fn delays(&mut self, base: &[Step], delays: &'c [DelaySource]) {
        for delay in delays {
            if let Source::Body(pointer) = &delay.from {
                self.read(base, pointer, SCALAR);
            }
        }
    }

    fn field(&mut self, base: &[Step], ty: FieldType, from: &'c [Source]) {
        for source in from {
            let Source::Body(pointer) = source else { continue };
            let keep = match ty {
                // A `json` field keeps the value whatever it is: a container is captured
                // whole, without looking inside.
                FieldType::Integer
                | FieldType::Number
                | FieldType::String
                | FieldType::Boolean
                | FieldType::Json => SCALAR,
                FieldType::StringList | FieldType::IntegerList => ARRAY_OF_SCALARS,
                FieldType::StringMap => OBJECT_OF_SCALARS,
                // The object itself is kept even when none of its fields is present.
                FieldType::Object(_) | FieldType::ObjectList(_) => 0,
            };
            self.read(base, pointer, keep);
            if let FieldType::Object(t) | FieldType::ObjectList(t) = ty {
                let mut object = join(base, pointer);
                if matches!(ty, FieldType::ObjectList(_)) {
                    object.push(Step::Each);
                    self.tree.insert(&object, 0);
                }
                if let Some(object_type) = self.catalog.types.get(usize::from(t)) {
                    for field in object_type.fields.iter() {
                        self.field(&object, field.ty, &field.from);
                    }
                }
            }
        }
    }
}

/// The plan's trie while it is built, flattened once complete.
#[derive(Debug, Default, Clone)]
struct Tree {
    keep: u8,
    children: Vec<(String, Tree)>,
    each: Option<Box<Tree>>,
}

impl Tree {
    fn insert(&mut self, path: &[Step], keep: u8) {
        let Some((first, rest)) = path.split_first() else {
            self.keep |= keep;
            return;
        };
        let next = match first {
            Step::Each => &mut **self.each.get_or_insert_with(Default::default),
            Step::Select(name) => {
                let each = &mut **self.each.get_or_insert_with(Default::default);
                each.insert(&[Step::Key(name.clone())], SCALAR);
                each
            }
            Step::Key(key) => {
                let at = match self.children.iter().position(|(k, _)| k == key) {
                    Some(at) => at,
                    None => {
                        self.children.push((key.clone(), Tree::default()));
                        self.children.len() - 1
                    }
                };
                &mut self.children[at].1
            }
        };
        next.insert(rest, keep);
    }

    /// What a list keeps reaches its elements, and an array's indexed children also get
    /// what every element gets.
    fn finish(&mut self) {
        if self.keep & ARRAY_OF_SCALARS != 0 {
            self.each.get_or_insert_with(Default::default).keep |= SCALAR;
            for (key, child) in &mut self.children {
                if errtable_core::pointer::array_index(key).is_some() {
                    child.keep |= SCALAR;
                }
            }
        }
        if self.keep & OBJECT_OF_SCALARS != 0 {
            for (_, child) in &mut self.children {
                child.keep |= SCALAR;
            }
        }
        if let Some(each) = self.each.clone() {
            for (key, child) in &mut self.children {
                if errtable_core::pointer::array_index(key).is_some() {
                    child.merge(&each);
                }
            }
        }
        for (_, child) in &mut self.children {
            child.finish();
        }
        if let Some(each) = &mut self.each {
            each.finish();
        }
    }

    fn merge(&mut self, other: &Tree) {
        self.keep |= other.keep;
        for (key, child) in &other.children {
            match self.children.iter_mut().find(|(k, _)| k == key) {
                Some((_, mine)) => mine.merge(child),
                None => self.children.push((key.clone(), child.clone())),
            }
        }
        if let Some(each) = &other.each {
            self.each.get_or_insert_with(Default::default).merge(each);
        }
    }

    /// The nodes in an arena: the root first, then the scalar-only node, then the rest;
    /// member keys interned into `keys`.
    fn flatten(self, keys: &mut HashMap<String, KeyId>) -> Vec<Node> {
        let unkeyed = Node { key: NO_KEY, ..Node::default() };
        let mut nodes = vec![unkeyed.clone(), Node { keep: SCALAR, ..unkeyed }];
        self.place(&mut nodes, Plan::ROOT, NO_KEY, keys);
        nodes
    }

    fn place(
        self,
        nodes: &mut Vec<Node>,
        at: NodeId,
        key: KeyId,
        keys: &mut HashMap<String, KeyId>,
    ) {
        let mut node = Node { keep: self.keep, key, ..Node::default() };
        let mut pending = Vec::new();
        for (text, child) in self.children {
            let id = nodes.len() as NodeId;
            nodes.push(Node::default());
            let index = errtable_core::pointer::array_index(&text);
            let next = keys.len() as KeyId;
            let interned = *keys.entry(text.clone()).or_insert(next);
            node.children.push(Child { key: text.into(), index, node: id });
            pending.push((child, id, interned));
        }
        if let Some(each) = self.each {
            let id = nodes.len() as NodeId;
            nodes.push(Node::default());
            node.each = Some(id);
            pending.push((*each, id, NO_KEY));
        }
        nodes[at as usize] = node;
        for (child, id, key) in pending {
            child.place(nodes, id, key, keys);
        }
    }
}

#[cfg(test)]
mod tests {
    use std::borrow::Cow;

    use super::*;

    #[test]
    fn pointers_resolve_by_the_address_of_the_catalogs_own_text() {
        let code = Pointer::parse("/error/code").unwrap();
        let catalog: &'static Catalog = Box::leak(Box::new(Catalog {
            envelope: Envelope {
                code: Cow::Owned(vec![Source::Body(code.clone())]),
                ..Envelope::EMPTY
            },
            ..Catalog::EMPTY
        }));
        let plan = Plan::build(catalog);
        let Source::Body(own) = &catalog.envelope.code[0] else { unreachable!() };
        let tokens = plan.tokens(own).expect("the catalog's pointer is resolved");
        assert_eq!(tokens.len(), 2);
        assert!(tokens.iter().all(|t| t.key != NO_KEY && t.index.is_none()));
        // The same text elsewhere is not the catalog's: it misses, and the decoder walks
        // it by its text instead (which reads the same value).
        assert!(plan.tokens(&code).is_none());
    }
}
