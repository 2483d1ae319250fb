// The README's handler for Octopost. `tests/tests/handle.rs` compiles it against
// specs/octopost.json; `tests/ui/handle_spec_gained_a_code.rs` compiles the very same
// file against a copy of the spec with one more code, and rustc names that code.

/// What a client does next about an Octopost error.
#[derive(Debug, PartialEq, errtable::Handle)]
#[handle(OctopostError)]
pub enum Next {
    /// Credentials are wrong or lack a permission.
    #[on(Unauthorized, Forbidden)]
    FixCredentials,
    /// Wait as the server says, then retry.
    #[on(RateLimited)]
    Wait { retry: errtable::Retry, retry_after: Option<i64> },
    /// Retry with backoff.
    #[on(ServerError, BadGateway, ServiceUnavailable, GatewayTimeout)]
    Retry,
    /// Show the user what to fix.
    #[on(ValidationError)]
    FixInput { fields: Option<std::collections::BTreeMap<String, String>> },
    /// The request itself is wrong.
    #[on(BadRequest)]
    FixRequest,
    /// Nothing to do about this one.
    #[on(NotFound, Conflict)]
    Skip,
    /// A person should look at it.
    #[on(unknown)]
    Escalate(OctopostError),
}
