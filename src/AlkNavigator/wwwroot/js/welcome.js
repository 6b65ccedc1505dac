// First-use set-up: offer the browser's own time zone (Intl) in the time-zone select when none is chosen yet, and say so.
// Without JavaScript the select starts on "Choose your time zone" and the person picks it; nothing falls back to UTC silently.
(function () {
    var select = document.querySelector("select[data-browser-zone]");
    if (!select || select.value) return;
    var zone;
    try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone; } catch (e) { return; }
    if (!zone) return;
    for (var i = 0; i < select.options.length; i++) {
        if (select.options[i].value === zone) {
            select.selectedIndex = i;
            var note = document.getElementById("zone-detected");
            if (note) note.textContent = "Chosen from your device's settings: " + zone + ". Change it if it is wrong.";
            return;
        }
    }
})();
