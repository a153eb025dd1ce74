// Brings the marked cell or sentence of the source frame into view, scrolling this frame only: a #fragment or
// scrollIntoView would also scroll the report page that holds the frame.
(() => {
  const target = document.getElementById('gk-target');
  if (target) window.scrollTo(0, Math.max(0, target.getBoundingClientRect().top + window.scrollY - window.innerHeight / 3));
})();
