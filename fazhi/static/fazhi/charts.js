// Charts drawn with the vendored ECharts from JSON the page carries in
// <script type="application/json"> (no inline script: the CSP forbids it).
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-chart]").forEach((el) => {
    if (typeof echarts === "undefined") return;
    const source = document.getElementById(el.dataset.chart);
    if (!source) return;
    const data = JSON.parse(source.textContent);
    const chart = echarts.init(el, null, { renderer: "svg" });
    chart.setOption({
      // Plain-text tooltips: the HTML ones carry inline styles the CSP refuses.
      tooltip: { trigger: "axis", renderMode: "richText" },
      legend: { top: 0 },
      // containLabel: the grid leaves room for the axis labels ("180,000" on a city).
      grid: { left: 8, right: 8, top: 40, bottom: 8, containLabel: true },
      xAxis: { type: "category", data: data.months },
      yAxis: [
        { type: "value", min: 0, max: 100, axisLabel: { formatter: "{value}%" } },
        { type: "value", min: 0 },
      ],
      series: [
        { name: data.received_name, type: "bar", yAxisIndex: 1, data: data.received,
          itemStyle: { color: "#c8d3e6" } },
        ...data.series.map((s) => ({ name: s.name, type: "line", data: s.data,
          connectNulls: true })),
      ],
    });
    window.addEventListener("resize", () => chart.resize());
  });
  // Reply forms: picking a template fills the reply text.
  const templates = document.getElementById("reply-templates");
  const picker = document.querySelector("select[data-fill]");
  if (templates && picker) {
    const texts = JSON.parse(templates.textContent);
    picker.addEventListener("change", () => {
      const target = document.getElementById(picker.dataset.fill);
      if (target && texts[picker.value]) target.value = texts[picker.value];
    });
  }
});
