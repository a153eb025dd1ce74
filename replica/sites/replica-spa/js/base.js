function renderList(items, page, pages) {
  var ul = document.getElementById('list');
  items.forEach(function (it) {
    var li = document.createElement('li'), a = document.createElement('a');
    a.href = it.u.replace('SITE_' + 'HOST', location.host); a.title = it.t; a.textContent = it.t.length > 21 ? it.t.slice(0, 21) + '…' : it.t;
    li.appendChild(a); li.appendChild(document.createTextNode(' ' + it.d)); ul.appendChild(li);
  });
  var pager = document.getElementById('pager');
  if (page > 1) pager.innerHTML += '<a href="' + (page === 2 ? 'index.html' : 'list_' + (page - 1) + '.html') + '">上一页</a> ';
  if (page < pages) pager.innerHTML += '<a href="list_' + (page + 1) + '.html">下一页</a>';
}
