// 办事指南: the print button (the page prints cleanly without it, through the browser's menu).
document.addEventListener("click", function (event) {
  if (event.target.closest("[data-print]")) {
    window.print();
  }
});
