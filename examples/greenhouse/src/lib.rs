//! A crate that generates the client of its API at build time: `build.rs`
//! turns `api/greenhouse.apib` into a module in `OUT_DIR`, included below as
//! [`greenhouse`], and the crate's own code uses it like any module.

/// The Greenhouse API's client, generated from `api/greenhouse.apib` by
/// `build.rs` (see `blueprint_codegen::build`).
pub mod greenhouse {
    include!(concat!(env!("OUT_DIR"), "/greenhouse.rs"));
}

use greenhouse::models::Plant;
use greenhouse::{Client, Result};

/// The plants of `species` whose soil is drier than `moisture` percent,
/// driest first: the crate's own code over the generated client.
pub async fn thirsty_plants(client: &Client, species: &str, moisture: i64) -> Result<Vec<Plant>> {
    let mut plants: Vec<Plant> = client
        .plants()
        .list()
        .species(species)
        .send()
        .await?
        .into_iter()
        .filter(|plant| plant.moisture < moisture)
        .collect();
    plants.sort_by_key(|plant| plant.moisture);
    Ok(plants)
}
