// Symptom check-in: hide an item's follow-up questions while its first answer is "Never"/"None" or not given.
// Progressive enhancement: without this script every question shows and the server stores 0 for skipped follow-ups.
(function () {
    'use strict';
    var items = document.querySelectorAll('fieldset[data-gate]');
    Array.prototype.forEach.call(items, function (item) {
        var gate = item.getAttribute('data-gate');
        var followUps = item.querySelectorAll('.followup');
        if (followUps.length === 0) return;
        function update() {
            var checked = item.querySelector('input[type=radio][name="' + gate + '"]:checked');
            var show = checked !== null && checked.value !== '0';
            Array.prototype.forEach.call(followUps, function (f) {
                // A follow-up with an error stays visible so the message can be read.
                f.hidden = !show && !f.classList.contains('has-error');
            });
        }
        item.addEventListener('change', function (e) {
            if (e.target && e.target.name === gate) update();
        });
        update();
    });
}());
