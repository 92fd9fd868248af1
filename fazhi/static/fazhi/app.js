// Small behaviours without inline scripts (the Content-Security-Policy forbids them).
document.addEventListener("DOMContentLoaded", () => {
  // Task form: show the due-date inputs that match the chosen way of giving it.
  const modes = document.querySelectorAll("input[name=due_mode]");
  const sync = () => {
    const chosen = document.querySelector("input[name=due_mode]:checked");
    document.querySelectorAll("[data-due-mode]").forEach((el) => {
      el.hidden = !chosen || el.dataset.dueMode !== chosen.value;
    });
  };
  modes.forEach((el) => el.addEventListener("change", sync));
  sync();
  // Progress bars take their width from a data attribute (no inline style).
  document.querySelectorAll("[data-progress]").forEach((el) => {
    el.style.width = `${el.dataset.progress}%`;
  });
});
