// Bosam's only script besides htmx (no inline script anywhere: the Content-Security-Policy forbids it).
// 1. A file upload shows how much has been sent (fetch, and therefore htmx, cannot report that).
// 2. After an in-page update, focus moves to what changed, so keyboard and screen-reader users follow.
(function () {
  'use strict';
  document.addEventListener('submit', function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute('data-upload')) return;
    event.preventDefault();
    var progress = document.getElementById(form.getAttribute('data-progress'));
    var result = document.getElementById(form.getAttribute('data-result'));
    var request = new XMLHttpRequest();
    request.open('POST', form.action);
    request.setRequestHeader('HX-Request', 'true');
    request.upload.addEventListener('progress', function (e) {
      if (progress && e.lengthComputable) {
        progress.max = e.total;
        progress.value = e.loaded;
      }
    });
    request.addEventListener('load', function () {
      if (!result) return;
      result.innerHTML = request.responseText;
      if (window.htmx) window.htmx.process(result);
      result.focus();
    });
    request.send(new FormData(form));
  });
  document.addEventListener('htmx:after:swap', function (event) {
    var target = event.detail && event.detail.ctx && event.detail.ctx.target;
    var focus = target && target.querySelector && target.querySelector('[data-focus]');
    if (focus) focus.focus();
  });
})();
