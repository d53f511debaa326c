/**
 * The page's script: progressive enhancement only. Everything it touches is already in the
 * markup, so with JavaScript off the page still shows every variant, every check (<details>),
 * the wire lines (a CSS-only checkbox) and the state after any step (links to :target panels).
 * With it: variants become tabs, picking a moment swaps the panel in place (click, Enter, or the
 * arrow keys along the time axis), groups open and close together, and a message can be followed.
 * Plain ES2017 so any current browser runs it as written; no network, no storage.
 */
export const CLIENT_SCRIPT = `
(function () {
  'use strict';
  var root = document.documentElement;
  root.classList.add('js');
  var variants = Array.prototype.slice.call(document.querySelectorAll('section.variant'));
  var all = function (scope, selector) { return Array.prototype.slice.call(scope.querySelectorAll(selector)); };

  // Variants as tabs (WAI-ARIA tabs pattern: arrow keys move, Home/End jump).
  var tablist = document.querySelector('.tabs');
  var tabs = tablist ? all(tablist, 'button[role="tab"]') : [];
  function selectTab(index, focus) {
    tabs.forEach(function (tab, i) {
      var on = i === index;
      tab.setAttribute('aria-selected', on ? 'true' : 'false');
      tab.tabIndex = on ? 0 : -1;
      variants[i].classList.toggle('active', on);
      if (on && focus) tab.focus();
    });
  }
  if (tablist && tabs.length > 0) {
    tablist.hidden = false;
    tabs.forEach(function (tab, i) {
      tab.addEventListener('click', function () { selectTab(i, false); });
      tab.addEventListener('keydown', function (event) {
        var next = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: tabs.length - 1 }[event.key];
        if (next === undefined) return;
        event.preventDefault();
        selectTab((next + tabs.length) % tabs.length, true);
      });
    });
    var target = location.hash ? document.getElementById(location.hash.slice(1)) : null;
    var start = target ? variants.findIndex(function (v) { return v.contains(target); }) : -1;
    selectTab(start < 0 ? 0 : start, false);
  } else {
    variants.forEach(function (v) { v.classList.add('active'); });
  }

  variants.forEach(function (variant) {
    // State at a moment.
    var moments = all(variant, 'a.moment');
    var panels = all(variant, 'section.state');
    function show(frame, link) {
      panels.forEach(function (panel) { panel.classList.toggle('current', panel.getAttribute('data-frame') === String(frame)); });
      moments.forEach(function (m) { if (m === link) m.setAttribute('aria-current', 'true'); else m.removeAttribute('aria-current'); });
    }
    moments.forEach(function (link, i) {
      link.addEventListener('click', function (event) {
        event.preventDefault();
        show(link.getAttribute('data-frame'), link);
      });
      link.addEventListener('keydown', function (event) {
        var step = event.key === 'ArrowDown' ? 1 : event.key === 'ArrowUp' ? -1 : 0;
        if (!step) return;
        var next = moments[i + step];
        if (!next) return;
        event.preventDefault();
        next.focus();
        show(next.getAttribute('data-frame'), next);
      });
    });
    var last = panels[panels.length - 1];
    var hashed = location.hash ? variant.querySelector('section.state[id="' + location.hash.slice(1) + '"]') : null;
    var first = hashed || last;
    if (first) show(first.getAttribute('data-frame'), moments.filter(function (m) { return m.getAttribute('data-frame') === first.getAttribute('data-frame'); }).pop());

    // Open or close every check; showing wire lines opens them all, since the lines live inside.
    var groups = all(variant, 'li.group > details');
    var setOpen = function (open) { groups.forEach(function (d) { d.open = open; }); };
    all(variant, 'button[data-action]').forEach(function (button) {
      button.hidden = false;
      button.addEventListener('click', function () { setOpen(button.getAttribute('data-action') === 'expand'); });
    });
    var trace = variant.querySelector('.trace-toggle');
    if (trace) trace.addEventListener('change', function () { if (trace.checked) setOpen(true); });

    // Follow one message: highlight every row that concerns it.
    var follow = variant.querySelector('select.follow');
    if (follow) {
      follow.parentNode.hidden = false;
      var main = document.getElementById('main');
      follow.addEventListener('change', function () {
        var value = follow.value;
        variants.forEach(function (v) {
          var select = v.querySelector('select.follow');
          if (select && select !== follow) select.value = value;
          all(v, '.row').forEach(function (row) { row.classList.toggle('hl', value !== '' && row.classList.contains('m' + value)); });
        });
        main.classList.toggle('explaining', value !== '');
      });
    }
  });

  // The embedded --json document, as a file to save (made here, no request).
  var data = document.getElementById('mailsim-data');
  var save = document.getElementById('save-json');
  if (data && save && window.Blob && window.URL && URL.createObjectURL) {
    save.hidden = false;
    var url = '';
    save.addEventListener('click', function () {
      if (url) URL.revokeObjectURL(url);
      url = URL.createObjectURL(new Blob([JSON.stringify(JSON.parse(data.textContent), null, 2) + '\\n'], { type: 'application/json' }));
      var link = document.createElement('a');
      link.href = url;
      link.download = save.getAttribute('data-file');
      link.click();
    });
  }
})();
`;
