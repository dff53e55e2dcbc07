// The lint worker (web/src/lint_worker.rs): the page's own module, started
// again off the page's thread. A string is a lint request, an object a
// download; the answers are the reply's JSON and the file's object.
import init, { lint_in_worker, export_in_worker } from './srs_check_web.js';

const ready = init().then(
  () => true,
  (error) => {
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
    // After a panic (its hook told the page) this instance is done.
    self.postMessage({ crashed: String(error) });
    self.close();
  }
};
