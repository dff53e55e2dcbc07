// The page's lint worker (web/src/lint_worker.rs): the page's own module,
// started a second time off the page's thread, so that linting a large
// paste never stops the page. The module's start function sees it is in a
// worker and renders nothing. Each message is a lint request as JSON, whose
// answer is the reply as JSON (srs_check_core::editor::wire), or a download
// asked for as an object ({job, settings, names, texts}), whose answer is
// the file as an object; or an object saying what went wrong.
import init, { lint_in_worker, export_in_worker } from './srs_check_web.js';

const ready = init().then(
  () => true,
  (error) => {
    // The page lints itself instead.
    self.postMessage({ unavailable: String(error) });
    return false;
  },
);

self.onmessage = async (event) => {
  if (!(await ready)) return;
  try {
    const asked = event.data;
    self.postMessage(
      typeof asked === 'string'
        ? lint_in_worker(asked)
        : export_in_worker(asked.job, asked.settings, asked.names, asked.texts),
    );
  } catch (error) {
    // A panic (its hook has posted the message for the page) ends in a
    // trap, after which this instance cannot be trusted: the page starts
    // another worker.
    self.postMessage({ crashed: String(error) });
    self.close();
  }
};
