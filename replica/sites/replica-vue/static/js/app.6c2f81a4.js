(function () {
  var app = document.getElementById('app'), channel = 3207, size = 15;
  function cut(t) { return t.length > 22 ? t.slice(0, 22) + '…' : t; }
  function get(u, cb) { var x = new XMLHttpRequest(); x.open('GET', u); x.onload = function () { cb(JSON.parse(x.responseText)); }; x.send(); }
  function load(n) {
    get('/api/zwgk/articles?channelId=' + channel + '&pageNum=' + n + '&pageSize=' + size + '&_t=' + Date.now(), function (res) {
      var d = res.data, h = '<div class="crumb" data-v-5a1c2e7d>首页 &gt; 政务公开 &gt; 政府信息公开年报</div><ul class="list" data-v-5a1c2e7d>';
      d.list.forEach(function (a) { h += '<li data-v-5a1c2e7d><a href="' + a.docUrl + '" title="' + a.docTitle + '">' + cut(a.docTitle) + '</a><span>' + a.pubDate.slice(0, 10) + '</span></li>'; });
      h += '</ul><div class="pager">';
      for (var p = 1; p <= d.pages; p++) h += '<button data-p="' + p + '">' + p + '</button>';
      app.innerHTML = h + '</div>';
      app.querySelectorAll('[data-p]').forEach(function (b) { b.onclick = function () { load(+b.getAttribute('data-p')); }; });
    });
  }
  load(1);
  get('/api/zwgk/visit?channelId=' + channel, function () {});
})();
