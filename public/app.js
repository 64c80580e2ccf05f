// Publius — progressive enhancement only. Every page works without this file (Tor Browser "Safest" never runs
// it); it adds conveniences and nothing depends on them. No third-party code, no inline script: the CSP
// allows only scripts served from this site.
//
// Live updates of the home timeline: on a timeline marked data-live="home", an EventSource reads the streaming
// API (/api/v1/streaming/user), which accepts the session cookie only for event streams opened by this site's
// own pages (Sec-Fetch-Site: same-origin; never for WebSockets, which another site could open). The script holds
// no credential: the cookie is HttpOnly. A new post's card comes from /home/cards/<id>, rendered by the server as
// the page renders it (escaped text, CSRF fields), and is announced in a polite live region. Without script the
// reader reloads the page, as before.
'use strict';

(function () {
  // A live count of characters left on the compose form. The server counts as Mastodon does (a link counts as
  // 23); this count is a guide, and the server's answer stays the one that matters.
  var LINK = /https?:\/\/\S+/g;
  var LINK_LENGTH = 23;

  function remaining(textarea, max) {
    var text = textarea.value.replace(LINK, function () { return new Array(LINK_LENGTH + 1).join('x'); });
    return max - Array.from(text).length;
  }

  function enhanceCounter(textarea) {
    var max = parseInt(textarea.getAttribute('data-max-chars'), 10);
    if (!max) return;
    var out = document.createElement('p');
    out.className = 'help muted char-count';
    out.id = textarea.id + '-count';
    // Polite: read out when the reader pauses, never interrupting typing.
    out.setAttribute('aria-live', 'polite');
    textarea.parentNode.insertBefore(out, textarea.nextSibling);
    var described = textarea.getAttribute('aria-describedby');
    textarea.setAttribute('aria-describedby', (described ? described + ' ' : '') + out.id);
    function update() {
      var left = remaining(textarea, max);
      out.textContent = left >= 0 ? left + ' characters left' : -left + ' characters too many';
      out.classList.toggle('error', left < 0);
    }
    textarea.addEventListener('input', update);
    update();
  }

  // New posts at the top of the home timeline as they are published; deleted ones taken away.
  function liveTimeline(section) {
    if (typeof window.EventSource !== 'function' || typeof window.fetch !== 'function') return;
    var status = document.createElement('p');
    status.className = 'help muted live-status';
    status.setAttribute('role', 'status');
    status.setAttribute('aria-live', 'polite');
    var heading = section.querySelector('h2');
    section.insertBefore(status, heading ? heading.nextSibling : section.firstChild);
    var added = 0;
    var pending = {};

    function list() {
      var ol = section.querySelector('ol.timeline');
      if (ol) return ol;
      // An empty timeline says so in a paragraph instead of a list: the first new post replaces it.
      var empty = section.querySelector('p.muted:not(.live-status)');
      if (empty) empty.parentNode.removeChild(empty);
      ol = document.createElement('ol');
      ol.className = 'timeline';
      section.insertBefore(ol, status.nextSibling);
      return ol;
    }

    function show(id) {
      if (!/^\d+$/.test(id) || pending[id] || document.getElementById('post-' + id)) return;
      pending[id] = true;
      fetch('/home/cards/' + id, { credentials: 'same-origin', headers: { Accept: 'text/html' } })
        .then(function (res) { return res.ok ? res.text() : null; })
        .then(function (text) {
          delete pending[id];
          if (text === null || document.getElementById('post-' + id)) return;
          var template = document.createElement('template');
          template.innerHTML = text;
          var item = document.createElement('li');
          item.appendChild(template.content);
          var ol = list();
          ol.insertBefore(item, ol.firstChild);
          added++;
          status.textContent = added === 1 ? '1 new post' : added + ' new posts';
        }, function () { delete pending[id]; });
    }

    function remove(id) {
      var card = document.getElementById('post-' + id);
      var item = card && card.parentNode;
      if (item && item.tagName === 'LI') item.parentNode.removeChild(item);
    }

    var source = new EventSource('/api/v1/streaming/user');
    source.addEventListener('update', function (e) {
      var post;
      try { post = JSON.parse(e.data); } catch (err) { return; }
      if (post && typeof post.id === 'string') show(post.id);
    });
    source.addEventListener('delete', function (e) { remove(String(e.data)); });
  }

  function start() {
    var areas = document.querySelectorAll('textarea[data-max-chars]');
    for (var i = 0; i < areas.length; i++) enhanceCounter(areas[i]);
    var live = document.querySelector('[data-live="home"]');
    if (live) liveTimeline(live);
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
