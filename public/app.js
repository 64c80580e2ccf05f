// Publius — progressive enhancement only. Every page works without this file (Tor Browser "Safest" never runs
// it); it adds conveniences and nothing depends on them. No third-party code, no inline script: the CSP
// allows only scripts served from this site.
//
// Live updates of the home timeline are deliberately NOT here. The streaming API does not accept the session
// cookie (a page on another site could open a WebSocket carrying it), and putting an access token into the page
// for the script to use would expose a credential to anything that can read the page. Until the server offers
// a cookie-safe way to ask "anything new?", the reader reloads the page.
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

  function start() {
    var areas = document.querySelectorAll('textarea[data-max-chars]');
    for (var i = 0; i < areas.length; i++) enhanceCounter(areas[i]);
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
