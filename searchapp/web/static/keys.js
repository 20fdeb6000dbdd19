// "/" puts the cursor in the search box, as on most search sites, unless one is typing
// already. The pages work without this file; it only saves a click.
document.addEventListener("keydown", function (event) {
  if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
  var target = event.target;
  if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
  var box = document.querySelector('input[type="search"][name="q"]');
  if (!box) return;
  event.preventDefault();
  box.focus();
  box.select();
});
