// Loads the wasm module; wasm-bindgen's start function then runs the app.
// A browser without WebAssembly gets a message instead of a blank page.
import init from './srs_check_web.js';

init().catch((error) => {
  const bug = document.getElementById('bug');
  bug.textContent = `The playground could not start: ${error}`;
  bug.hidden = false;
});

// Offline use (web/sw.js). A page opened from a file:// URL has no service
// workers; it still works, only not offline.
if ('serviceWorker' in navigator && window.isSecureContext) {
  navigator.serviceWorker.register('./sw.js').catch((error) => {
    console.warn(`srs-check: no offline copy (${error})`);
  });
}
