//! The bundled catalogs, generated with `#[errtable::catalog]` exactly as a client
//! crate would, for the integration tests under `tests/`; local vendor servers
//! ([`server`]) for the end-to-end retry tests and the tour example; the fault-injection
//! [`soak`]; and the [`properties`] the fuzz targets and their proptest stand-ins check.

pub mod properties;
pub mod server;
pub mod soak;

/// Octopost: `{"error", "code", "details"}` bodies; 502/503/504 matched by status.
pub mod octopost {
    /// Errors of the Octopost API.
    #[errtable::catalog(spec = "../../specs/octopost.json")]
    #[derive(Clone, PartialEq)]
    pub enum OctopostError {}
}

/// Octogen: status-led FastAPI bodies (`{"detail": ...}`).
pub mod octogen {
    /// Errors of the Octogen API.
    #[errtable::catalog(spec = "../../specs/octogen.json")]
    #[derive(Clone, PartialEq)]
    pub enum OctogenError {}
}

/// Catalog API: nested `{"error": {...}}`, root-level extras, errors inside 200 bodies.
pub mod catalog {
    /// Errors of the Catalog API.
    #[errtable::catalog(spec = "../../specs/catalog.json")]
    #[derive(Clone, PartialEq)]
    pub enum CatalogError {}
}

/// Octomil: `{"error": code, "message", "status_code"}` and `X-Request-Id`.
pub mod octomil {
    /// Errors of the Octomil API.
    #[errtable::catalog(spec = "../../specs/octomil.json")]
    #[derive(Clone, PartialEq)]
    pub enum OctomilError {}
}

/// Octeth: `Success: false` inside 200 bodies, integer codes scoped by API command.
pub mod octeth {
    /// Errors of the Octeth API, any command (global codes only decode without one).
    #[errtable::catalog(spec = "../../specs/octeth.json")]
    #[derive(Clone, PartialEq)]
    pub enum OctethError {}

    /// Errors of the `User.Login` command.
    #[errtable::catalog(spec = "../../specs/octeth.json", operation = "User.Login", into = OctethError)]
    #[derive(Clone, PartialEq)]
    pub enum LoginError {}

    /// Errors of the `List.Create` command.
    #[errtable::catalog(spec = "../../specs/octeth.json", operation = "List.Create", into = OctethError)]
    #[derive(Clone, PartialEq)]
    pub enum ListCreateError {}

    /// Errors of the `Subscriber.Create` command.
    #[errtable::catalog(spec = "../../specs/octeth.json", operation = "Subscriber.Create", into = OctethError)]
    #[derive(Clone, PartialEq)]
    pub enum SubscriberCreateError {}

    /// Errors of the `Campaign.Create` command.
    #[errtable::catalog(spec = "../../specs/octeth.json", operation = "Campaign.Create", into = OctethError)]
    #[derive(Clone, PartialEq)]
    pub enum CampaignCreateError {}

    /// Errors of the `Email.Update` command.
    #[errtable::catalog(spec = "../../specs/octeth.json", operation = "Email.Update", into = OctethError)]
    #[derive(Clone, PartialEq)]
    pub enum EmailUpdateError {}

    /// Errors of the `Campaign.Update` command.
    #[errtable::catalog(spec = "../../specs/octeth.json", operation = "Campaign.Update", into = OctethError)]
    #[derive(Clone, PartialEq)]
    pub enum CampaignUpdateError {}
}

/// Every feature of the spec format at once (`tests/specs/features.json`).
pub mod features {
    /// Errors of the feature catalog.
    #[errtable::catalog(spec = "../specs/features.json")]
    #[derive(Clone, PartialEq)]
    pub enum FeatureError {}
}

/// Stripe: `error.code`, `error.type` or an OAuth string `error`; `Stripe-Should-Retry`.
pub mod stripe {
    /// Errors of the Stripe API, from `specs/stripe.json`.
    #[errtable::catalog(spec = "../../specs/stripe.json")]
    #[derive(Clone, PartialEq)]
    pub enum StripeError {}
}

/// OpenAI: `error.code` then `error.type`; `retry-after-ms`, reset durations, `x-should-retry`.
pub mod openai {
    /// Errors of the OpenAI API, from `specs/openai.json`.
    #[errtable::catalog(spec = "../../specs/openai.json")]
    #[derive(Clone, PartialEq)]
    pub enum OpenAiError {}
}

/// Slack: `ok: false` inside 200 bodies, warnings on successes.
pub mod slack {
    /// Errors of the Slack API, from `specs/slack.json`.
    #[errtable::catalog(spec = "../../specs/slack.json")]
    #[derive(Clone, PartialEq)]
    pub enum SlackError {}
}

/// GitHub: no error code; entries matched by status, message and headers.
pub mod github {
    /// Errors of the GitHub API, from `specs/github.json`.
    #[errtable::catalog(spec = "../../specs/github.json")]
    #[derive(Clone, PartialEq)]
    pub enum GithubError {}
}

/// RFC 9457 problem details: `type` URIs by their last segment.
pub mod problem {
    /// Errors of the RFC 9457 problem details API, from `specs/problem.json`.
    #[errtable::catalog(spec = "../../specs/problem.json")]
    #[derive(Clone, PartialEq)]
    pub enum ProblemError {}
}

/// Google (AIP-193): `error.status` codes, `google.rpc` details by `@type`.
pub mod google {
    /// Errors of the Google (AIP-193) API, from `specs/google.json`.
    #[errtable::catalog(spec = "../../specs/google.json")]
    #[derive(Clone, PartialEq)]
    pub enum GoogleError {}
}

/// Amazon DynamoDB (AWS JSON 1.0): Smithy shape names, `x-amz-retry-after`.
pub mod dynamodb {
    /// Errors of the Amazon DynamoDB (AWS JSON 1.0) API, from `specs/dynamodb.json`.
    #[errtable::catalog(spec = "../../specs/dynamodb.json")]
    #[derive(Clone, PartialEq)]
    pub enum DynamoDbError {}
}

/// JSON:API: several error objects in one `errors` list (`tests/specs/jsonapi.json`).
pub mod jsonapi {
    /// Errors of a JSON:API server.
    #[errtable::catalog(spec = "../specs/jsonapi.json")]
    #[derive(Clone, PartialEq)]
    pub enum JsonApiError {}
}
