// The exam page: a clock that counts down to the deadline the server keeps (a reload
// asks the server again, so it never gains time), answers saved as they are chosen,
// and the paper handed in when the clock reaches zero.
document.addEventListener("DOMContentLoaded", () => {
  const paper = document.getElementById("exam-paper");
  if (!paper) return;
  const end = Date.now() + Number(paper.dataset.remaining) * 1000;
  const clock = document.getElementById("exam-clock");
  const status = document.getElementById("exam-save-status");
  const answered = document.getElementById("exam-answered");
  const token = paper.querySelector("input[name=csrfmiddlewaretoken]").value;
  let handedIn = false;
  paper.addEventListener("submit", () => {
    handedIn = true;
  });
  const tick = () => {
    const left = Math.max(0, Math.round((end - Date.now()) / 1000));
    const m = Math.floor(left / 60);
    const s = left % 60;
    clock.textContent = `${String(m).padStart(2, "0")}:${String(s).padStart(2, "0")}`;
    if (left <= 60) clock.classList.add("text-danger");
    if (left <= 0) {
      if (!handedIn) {
        handedIn = true;
        paper.submit();
      }
      return;
    }
    window.setTimeout(tick, 250);
  };
  tick();

  const countAnswered = () => {
    const names = new Set();
    paper.querySelectorAll("input[name^='q-']:checked").forEach((el) => names.add(el.name));
    answered.textContent = names.size;
  };
  // One request at a time per question, so a later choice is never overwritten by an
  // earlier one arriving late.
  const queues = {};
  let pending = 0;
  const save = (name) => {
    const body = new FormData();
    body.append("order", name.slice(2));
    paper.querySelectorAll(`input[name="${name}"]:checked`).forEach((el) => {
      body.append("response", el.value);
    });
    pending += 1;
    status.textContent = paper.dataset.saving;
    return fetch(paper.dataset.answerUrl, {
      method: "POST",
      body,
      headers: { "X-CSRFToken": token },
      credentials: "same-origin",
    })
      .then((r) => r.json().then((data) => ({ ok: r.ok, data })))
      .then(({ ok, data }) => {
        pending -= 1;
        if (!ok) {
          status.textContent = data.error;
          status.classList.add("text-danger");
        } else if (pending === 0) {
          status.textContent = paper.dataset.saved;
          status.classList.remove("text-danger");
        }
      })
      .catch(() => {
        pending -= 1;
        status.textContent = paper.dataset.offline;
        status.classList.add("text-danger");
      });
  };
  paper.addEventListener("change", (ev) => {
    const name = ev.target.name || "";
    if (!/^q-\d+$/.test(name)) return;
    countAnswered();
    queues[name] = (queues[name] || Promise.resolve()).then(() => save(name));
  });
});
