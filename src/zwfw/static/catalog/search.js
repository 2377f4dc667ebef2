// Search results: count an opened result for its query (the query text only, nothing about the
// person) so that the editors see queries whose results nobody opens. The link itself is a plain
// link to the guide; without JavaScript or sendBeacon nothing is counted and nothing breaks.
document.addEventListener("click", (event) => {
  const link = event.target.closest("a[data-search-query]");
  if (!link || !navigator.sendBeacon) return;
  const body = JSON.stringify({ q: link.dataset.searchQuery, implementation_code: link.dataset.code });
  navigator.sendBeacon(link.dataset.clickUrl, new Blob([body], { type: "application/json" }));
});
