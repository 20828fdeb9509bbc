//! A user's program against the generated Inventory client, written from its
//! docs only: `inventory BASE_URL`, the API key in `INVENTORY_API_KEY`.

use golden_paging::models::{ItemCreateRequest, MessageCodeError};
use golden_paging::{Client, StreamExt, TryStreamExt};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let base_url = std::env::args().nth(1).ok_or("usage: inventory BASE_URL")?;
    let client = Client::builder()
        .base_url(base_url)
        .api_key(std::env::var("INVENTORY_API_KEY")?)
        .timeout(std::time::Duration::from_secs(5))
        .build()?;

    // Numbered pages: every warehouse, two per page, walked as they come.
    let mut warehouses = client.warehouses().list().per_page(2).stream();
    while let Some(warehouse) = warehouses.try_next().await? {
        println!("warehouse {} in {}", warehouse.id, warehouse.city);
    }

    // A JSON body.
    let new_item = ItemCreateRequest {
        sku: "WASHER-6".to_owned(),
        quantity: 500,
        tags: vec!["steel".to_owned()],
    };
    let added = client.items().create(7, new_item).send().await?;
    println!("added {} x {}", added.quantity, added.sku);

    // Cursor pages: every item of warehouse 7, collected.
    let items = client.items().list(7).limit(2).collect_all().await?;
    println!("warehouse 7 holds {} items", items.len());

    // A 404, with the body the spec documents for it.
    match client.warehouses().get(999).send().await {
        Err(err) if err.status() == Some(404) => match err.api_body::<MessageCodeError>() {
            Some(body) => println!("warehouse 999: {} ({})", body.message, body.code),
            None => println!("warehouse 999: {err}"),
        },
        other => println!("warehouse 999: {:?}", other?),
    }

    // Linked pages: the three newest events, fetching no more pages than needed.
    let events: Vec<_> = client.events().list().stream().take(3).collect().await;
    for event in events {
        let event = event?;
        println!("event {} {} at {}", event.id, event.kind, event.at);
    }
    Ok(())
}
