// `into` converts by entry number, so its target must come from the same spec: here
// another version of it, whose entries are in another order.
#[errtable::catalog(spec = "specs/valid_reordered.json")]
pub enum VendorError {}

#[errtable::catalog(spec = "specs/valid.json", operation = "Thing.Get", into = VendorError)]
pub enum ThingGetError {}

fn main() {}
