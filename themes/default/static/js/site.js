/* deputy-board default theme: progressive enhancement only.
 * Every page works without this file. It
 *  1. remembers the large-text choice (大字模式) across pages in localStorage;
 *  2. filters the deputies list (level, town, group, name);
 *  3. filters the "find my station" village list.
 * No network requests, no dependencies; ES5 so that old browsers run it too.
 */
(function () {
  'use strict';

  var doc = document;
  var root = doc.documentElement;
  var KEY = 'deputy-board:large-text';
  root.classList.add('js');

  function store(value) {
    try { localStorage.setItem(KEY, value); } catch (e) { /* private mode */ }
  }
  function stored() {
    try { return localStorage.getItem(KEY); } catch (e) { return null; }
  }
  function each(list, fn) {
    for (var i = 0; i < list.length; i++) fn(list[i], i);
  }
  function norm(s) {
    return (s || '').toLowerCase().replace(/[\s\-·]/g, '');
  }
  function fill(template, values) {
    return (template || '').replace(/\{(\w+)\}/g, function (m, k) {
      return Object.prototype.hasOwnProperty.call(values, k) ? values[k] : m;
    });
  }

  /* 1. Large text ------------------------------------------------------- */
  var toggle = doc.getElementById('large-text');
  if (toggle) {
    var sync = function () {
      var v = stored();
      if (v === '1') toggle.checked = true;
      else if (v === '0') toggle.checked = false;
      // From now on the checkbox alone drives the CSS.
      root.classList.remove('lt');
    };
    sync();
    toggle.addEventListener('change', function () {
      store(toggle.checked ? '1' : '0');
    });
    // Back/forward cache and other tabs.
    window.addEventListener('pageshow', sync);
    window.addEventListener('storage', function (e) {
      if (e.key === KEY) sync();
    });
  }

  /* 2. Deputies filter -------------------------------------------------- */
  var form = doc.getElementById('deputy-filter');
  var list = doc.getElementById('deputy-list');
  if (form && list) {
    var cards = list.children;
    var status = doc.getElementById('filter-status');
    var empty = doc.getElementById('deputy-empty');
    var fields = ['level', 'town', 'group', 'q'];

    var has = function (attr, value) {
      return !value || (attr || '').indexOf('|' + value + '|') !== -1;
    };

    var apply = function (updateUrl) {
      var level = form.elements.level ? form.elements.level.value : '';
      var town = form.elements.town ? form.elements.town.value : '';
      var group = form.elements.group ? form.elements.group.value : '';
      var q = norm(form.elements.q ? form.elements.q.value : '');
      var shown = 0;
      each(cards, function (card) {
        var ok = has(card.getAttribute('data-levels'), level) &&
          (!town || card.getAttribute('data-town') === town) &&
          has(card.getAttribute('data-groups'), group) &&
          (!q || norm(card.getAttribute('data-name')).indexOf(q) !== -1 ||
            norm(card.getAttribute('data-slug')).indexOf(q) !== -1);
        card.hidden = !ok;
        if (ok) shown++;
      });
      var filtered = level || town || group || q;
      var values = { shown: shown, total: cards.length };
      if (status) {
        status.textContent = fill(form.getAttribute(filtered ? 'data-result' : 'data-all'), values);
      }
      if (empty) empty.hidden = shown !== 0;
      if (updateUrl && window.history && history.replaceState) {
        var params = [];
        each(fields, function (name) {
          var el = form.elements[name];
          if (el && el.value) params.push(name + '=' + encodeURIComponent(el.value));
        });
        var keep = /^#(level|town|group)-/.test(location.hash) ? '' : location.hash;
        history.replaceState(null, '', location.pathname + (params.length ? '?' + params.join('&') : '') + keep);
      }
    };

    // Preset from the address: ?level=district&town=…&group=…&q=… or #level-district
    // (the home page links its level tiles to deputies/?level=KEY).
    var search = location.search.replace(/^\?/, '');
    var hash = /^#(level|town|group)-(.+)$/.exec(location.hash);
    if (hash) {
      search += (search ? '&' : '') + hash[1] + '=' + hash[2];
    }
    if (search) {
      each(search.split('&'), function (pair) {
        var i = pair.indexOf('=');
        if (i < 1) return;
        var name = decodeURIComponent(pair.slice(0, i));
        var value;
        try { value = decodeURIComponent(pair.slice(i + 1).replace(/\+/g, ' ')); } catch (e) { return; }
        var el = fields.indexOf(name) !== -1 ? form.elements[name] : null;
        if (!el) return;
        if (el.tagName === 'SELECT') {
          each(el.options, function (opt) { if (opt.value === value) el.value = value; });
        } else {
          el.value = value;
        }
      });
    }

    form.addEventListener('input', function () { apply(true); });
    form.addEventListener('change', function () { apply(true); });
    form.addEventListener('submit', function (e) { e.preventDefault(); apply(true); });
    form.addEventListener('reset', function () {
      window.setTimeout(function () { apply(true); }, 0);
    });
    apply(false);
  }

  /* 3. Village finder --------------------------------------------------- */
  var input = doc.getElementById('village-search');
  var villages = doc.getElementById('village-list');
  if (input && villages) {
    var items = villages.querySelectorAll('.village');
    var vStatus = doc.getElementById('village-status');
    var vEmpty = doc.getElementById('village-empty');
    var filterVillages = function () {
      var q = norm(input.value);
      var shown = 0;
      each(items, function (item) {
        var text = norm(item.getAttribute('data-name'));
        var ok = !q || text.indexOf(q) !== -1;
        item.hidden = !ok;
        if (ok) shown++;
      });
      if (vStatus) vStatus.textContent = q ? fill(vStatus.getAttribute('data-result'), { shown: shown, total: items.length }) : '';
      if (vEmpty) vEmpty.hidden = shown !== 0;
    };
    input.addEventListener('input', filterVillages);
    filterVillages();
  }
})();
