(function () {
  var app = document.getElementById('app'), size = 8;
  function post(u, body, cb) {
    var x = new XMLHttpRequest(); x.open('POST', u); x.setRequestHeader('Content-Type', 'application/json;charset=UTF-8');
    x.onload = function () { cb(JSON.parse(x.responseText)); }; x.send(JSON.stringify(body));
  }
  function cut(t) { return t.length > 20 ? t.slice(0, 20) + '…' : t; }
  function show(r) { app.innerHTML = '<h2>' + r.title + '</h2><div class="content">' + r.content + '</div>'; }
  function load(n) {
    post('/api/cms/content/list', { columnId: 57, pageNo: n, pageSize: size }, function (res) {
      var d = res.data, h = '<ul class="list">';
      d.records.forEach(function (r, i) { h += '<li><a href="#/detail/' + r.id + '" title="' + r.title + '" data-i="' + i + '">' + cut(r.title) + '</a><span>' + r.publishDate.slice(0, 10) + '</span></li>'; });
      h += '</ul><div class="pager">共' + d.total + '条 第' + d.pageNo + '/' + d.totalPage + '页</div>';
      app.innerHTML = h;
      app.querySelectorAll('[data-i]').forEach(function (a) { a.onclick = function () { show(d.records[+a.getAttribute('data-i')]); }; });
    });
  }
  load(1);
  fetch('/api/cms/statistics?columnId=57').catch(function () {});
})();
