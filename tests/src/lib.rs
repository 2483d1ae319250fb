//! The five bundled catalogs, generated with `#[errtable::catalog]` exactly as a client
//! crate would, for the integration tests under `tests/`.

/// Octopost: `{"error", "code", "details"}` bodies.
pub mod octopost {
    /// Errors of the Octopost API.
    #[errtable::catalog(spec = "../../specs/octopost.json")]
    #[derive(Clone, PartialEq)]
    pub enum OctopostError {}
}
