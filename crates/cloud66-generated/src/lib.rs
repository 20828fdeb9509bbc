//! Typed async client for the Cloud 66 REST API.
