// The playground works offline after its first load: this service worker
// keeps the page's own files (and nothing else: the page makes no other
// requests) in a cache named after the build, and answers from it first.
// scripts/web-build.sh writes the build's id and file list in place of the
// two placeholders.
const CACHE = 'srs-check-__BUILD__';
const FILES = __FILES__;

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches.open(CACHE)
      .then((cache) => cache.addAll(FILES))
      .then(() => self.skipWaiting()),
  );
});

// A new build's worker drops the caches of older builds.
self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((names) => Promise.all(
        names.filter((n) => n.startsWith('srs-check-') && n !== CACHE).map((n) => caches.delete(n)),
      ))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) {
    return;
  }
  event.respondWith(
    caches.open(CACHE).then((cache) =>
      // `ignoreSearch`: the page is the same whatever its query says.
      cache.match(request, { ignoreSearch: true }).then((hit) => hit || fetch(request)),
    ),
  );
});
