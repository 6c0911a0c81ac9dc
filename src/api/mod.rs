//! The DRS v5 client: one file per concern.

pub mod auth;
pub mod client;
pub mod endpoint;
pub mod error;
pub mod http;
pub mod model;
pub mod region_names;
pub mod scope;
pub mod signer;
pub mod sym;

pub use auth::{Authenticator, Credentials, ProjectScope};
pub use client::{
    Answer, CaBundle, ClientConfig, ClientEvent, DrsClient, Failure, IamProject, Language,
    ListFilter, ListedPage, ProjectLookupError, ProxyEnv, RetryPolicy,
};
pub use error::{ApiError, ClientError, TransportKind};
pub use model::{
    ActionResult, DeleteReadiness, Job, JobActions, JobDetailResponse, JobType, StatusKind,
};
pub use scope::{RegionsSpec, Scope, ScopeId, ScopeInForce, ScopeListing, ScopeRequest, ScopeSet};
pub use sym::{Sym, Syms};
