(function () {
  var cfg = window._CONFIG, app = document.getElementById('app');
  var view = app.getAttribute('data-view');
  function cut(t) { return t.length > 24 ? t.slice(0, 24) + '…' : t; }
  function load(col, page) {
    var xhr = new XMLHttpRequest();
    xhr.open('GET', cfg.API_BASE + '/all/' + col + '?page=' + page + '&sid=' + cfg.SID);
    xhr.onload = function () {
      var data = JSON.parse(xhr.responseText), html = '<ul class="gkml-list">';
      data.articles.forEach(function (a) {
        html += '<li><a href="' + a.url + '" title="' + a.title + '" target="_blank">' + cut(a.title) + '</a><span>' +
          new Date(a.display_publish_time * 1000).toISOString().slice(0, 10) + '</span></li>';
      });
      html += '</ul><div class="gkml-pager">';
      for (var p = 1; p <= Math.ceil(data.total / 10); p++) html += '<a href="javascript:;" data-page="' + p + '">' + p + '</a> ';
      app.innerHTML = html + '</div>';
      app.querySelectorAll('[data-page]').forEach(function (b) { b.onclick = function () { load(col, +b.getAttribute('data-page')); }; });
    };
    xhr.send();
  }
  if (view === 'annualreport') load((location.hash.match(/\d+/) || ['2629'])[0], 1);
  else {
    app.innerHTML = '<div class="menu"><a href="/gkmlpt/annualreport#2629">政府信息公开年报</a> <a href="/gkmlpt/guide">政府信息公开指南</a></div><div id="latest"></div>';
    load(2600, 1);
  }
  // Visit statistics: robots.txt keeps crawlers out of the search API.
  fetch(cfg.API_BASE + '/search?sid=' + cfg.SID + '&keywords=').catch(function () {});
})();
