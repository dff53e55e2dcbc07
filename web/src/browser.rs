//! The few browser services the page uses besides the DOM: the URL
//! fragment, downloads and the clipboard. Each fails quietly into an
//! `Err(String)` the page can show: none of them can be relied on (a
//! private window, a page opened from a file).

use wasm_bindgen::JsCast;
use wasm_bindgen::JsValue;

fn window() -> Result<web_sys::Window, String> {
    web_sys::window().ok_or_else(|| "no browser window".to_string())
}

fn describe(e: &JsValue) -> String {
    e.as_string()
        .or_else(|| e.dyn_ref::<js_sys::Error>().map(|e| String::from(e.message())))
        .unwrap_or_else(|| "the browser refused".to_string())
}

/// The URL fragment, without its `#`.
pub fn fragment() -> String {
    window()
        .ok()
        .and_then(|w| w.location().hash().ok())
        .map(|h| h.strip_prefix('#').map(str::to_string).unwrap_or(h))
        .unwrap_or_default()
}

/// Replaces the URL fragment without a new history entry (every keystroke
/// would otherwise be one) and without scrolling.
pub fn set_fragment(fragment: &str) -> Result<(), String> {
    let w = window()?;
    let history = w.history().map_err(|e| describe(&e))?;
    let location = w.location();
    let base = format!(
        "{}{}",
        location.pathname().map_err(|e| describe(&e))?,
        location.search().map_err(|e| describe(&e))?
    );
    let url = if fragment.is_empty() {
        base
    } else {
        format!("{base}#{fragment}")
    };
    history
        .replace_state_with_url(&JsValue::NULL, "", Some(&url))
        .map_err(|e| describe(&e))
}

/// The page's address, fragment included.
pub fn href() -> String {
    window().ok().and_then(|w| w.location().href().ok()).unwrap_or_default()
}

/// Offers `bytes` as a file download named `name`.
pub fn download(name: &str, media_type: &str, bytes: &[u8]) -> Result<(), String> {
    let document = window()?.document().ok_or("no document")?;
    let array = js_sys::Uint8Array::from(bytes);
    let parts = js_sys::Array::of1(&array);
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(media_type);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options).map_err(|e| describe(&e))?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(|e| describe(&e))?;
    let anchor: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(|e| describe(&e))?
        .dyn_into()
        .map_err(|_| "not an anchor".to_string())?;
    anchor.set_href(&url);
    anchor.set_download(name);
    anchor.click();
    // Revoked at once, the URL would be gone before the download reads it.
    gloo_timers::callback::Timeout::new(60_000, move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    })
    .forget();
    Ok(())
}

/// Copies `text` to the clipboard (asynchronously; errors are logged).
pub fn copy(text: &str) {
    let Ok(w) = window() else { return };
    let promise = w.navigator().clipboard().write_text(text);
    wasm_bindgen_futures::spawn_local(async move {
        if let Err(e) = wasm_bindgen_futures::JsFuture::from(promise).await {
            web_sys::console::warn_1(&format!("srs-check: could not copy the link: {}", describe(&e)).into());
        }
    });
}
