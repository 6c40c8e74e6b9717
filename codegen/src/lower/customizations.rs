//! AWS SDK customizations: what a few services need on the wire beyond their models, as the
//! official SDKs add it (and as the restJson1 protocol test suite checks it).
//!
//! In: the service (by its `sdkId`) and an operation. Out: a [`Customizations`] that the
//! request serializer applies. Empty for every other service, Image Builder included.
//!
//! - API Gateway: every request carries `Accept: application/json`.
//! - Glacier: every request carries `X-Amz-Glacier-Version` (the service's API version); an
//!   empty or unset `accountId` label is sent as `-` (the caller's own account); `UploadArchive`
//!   and `UploadMultipartPart` send `X-Amz-Content-Sha256` and `X-Amz-Sha256-Tree-Hash` of
//!   the payload unless the caller set them.

use crate::ir::operation::Customizations;
use crate::ir::Service;

/// The customizations of `op` in `service`.
pub fn for_operation(service: &Service, operation: &str) -> Customizations {
    match service.sdk_id.as_str() {
        "API Gateway" => Customizations {
            headers: vec![("accept".into(), "application/json".into())],
            ..Customizations::default()
        },
        "Glacier" => Customizations {
            headers: service
                .version
                .iter()
                .map(|v| ("x-amz-glacier-version".to_owned(), v.clone()))
                .collect(),
            label_defaults: vec![("accountId".into(), "-".into())],
            glacier_checksums: matches!(operation, "UploadArchive" | "UploadMultipartPart"),
            endpoint_member: None,
        },
        "Machine Learning" if operation == "Predict" => Customizations {
            endpoint_member: Some("PredictEndpoint".into()),
            ..Customizations::default()
        },
        _ => Customizations::default(),
    }
}
