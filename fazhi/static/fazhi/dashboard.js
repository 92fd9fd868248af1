// The leaders' dashboard: each chart drawn with the vendored ECharts from the JSON spec
// the page carries in <script type="application/json"> (the CSP forbids inline scripts
// and styles). Every data point carries the URL of the records it counts, and clicking
// the point opens that list. The table beside each chart has the same numbers and
// links, for screen readers and for a browser without scripts.
//
// Spec: {kind: "bar"|"pie"|"line", horizontal, categories: [...],
//        series: [{name, type, axis, unit, color, stack, data: [{value, url, color}]}]}
(() => {
  "use strict";

  const PALETTE = ["#3b6ea8", "#2e7d32", "#e0a030", "#7b61a8", "#4aa3b8", "#a4161a"];

  function point(p, extra) {
    const out = { value: p.value, url: p.url || "", ...extra };
    if (p.color) out.itemStyle = { color: p.color };
    return out;
  }

  function formatter(unit) {
    return (v) => (v === null || v === undefined ? "—" : `${v}${unit || ""}`);
  }

  function pieOption(spec) {
    const s = spec.series[0];
    return {
      tooltip: { trigger: "item", renderMode: "richText", formatter: "{b}: {c} ({d}%)" },
      legend: { bottom: 0, type: "scroll" },
      series: [
        {
          type: "pie",
          name: s.name,
          radius: ["42%", "68%"],
          center: ["50%", "45%"],
          label: { formatter: "{b}: {c}" },
          data: spec.categories.map((name, i) => point(s.data[i], { name })),
        },
      ],
    };
  }

  function axisOption(spec) {
    const horizontal = Boolean(spec.horizontal);
    const several = spec.series.length > 1;
    const rates = spec.series.some((s) => s.unit === "%" && !s.axis);
    const second = spec.series.some((s) => s.axis === 1);
    const category = {
      type: "category",
      data: spec.categories,
      inverse: horizontal, // the first category on top, as in the table
      axisTick: { alignWithLabel: true },
      axisLabel: { interval: 0, width: horizontal ? 150 : 90, overflow: "truncate" },
    };
    const values = [
      rates
        ? { type: "value", min: 0, max: 100, axisLabel: { formatter: "{value}%" } }
        : { type: "value", minInterval: 1 },
    ];
    if (second) values.push({ type: "value", minInterval: 1, splitLine: { show: false } });
    const axisKey = horizontal ? "xAxisIndex" : "yAxisIndex";
    const series = spec.series.map((s) => {
      const out = {
        name: s.name,
        type: s.type,
        [axisKey]: s.axis || 0,
        data: s.data.map((p) => point(p)),
        tooltip: { valueFormatter: formatter(s.unit) },
        emphasis: { focus: "series" },
      };
      if (s.color) out.itemStyle = { color: s.color };
      if (s.type === "line") {
        out.connectNulls = true;
        out.symbolSize = 8;
        if (s.color) out.lineStyle = { color: s.color };
      }
      if (s.type === "bar") {
        out.barMaxWidth = 28;
        if (s.stack) out.stack = s.stack;
        if (!several || s.stack) {
          out.label = {
            show: true,
            position: s.stack ? "inside" : horizontal ? "right" : "top",
            formatter: (p) => (p.value ? String(p.value) : ""),
          };
        }
      }
      return out;
    });
    return {
      // Plain-text tooltips: the HTML ones carry inline styles the CSP refuses.
      tooltip: { trigger: "axis", renderMode: "richText", axisPointer: { type: "shadow" } },
      legend: several ? { top: 0, type: "scroll" } : { show: false },
      // Room above for the legend, or for the value labels on top of the bars.
      grid: { left: 8, right: 32, top: several ? 36 : 24, bottom: 8, containLabel: true },
      xAxis: horizontal ? values : category,
      yAxis: horizontal ? category : values,
      series,
    };
  }

  function draw(el) {
    const source = document.getElementById(el.dataset.dashChart);
    if (!source) return;
    const spec = JSON.parse(source.textContent);
    const chart = echarts.init(el, null, { renderer: "svg" });
    const option = spec.kind === "pie" ? pieOption(spec) : axisOption(spec);
    // The page's own CJK font stack, so the charts' labels match the text around them.
    option.textStyle = { fontFamily: getComputedStyle(document.body).fontFamily };
    option.color = PALETTE;
    option.aria = { enabled: false }; // the table beside the chart is the accessible form
    chart.setOption(option);
    chart.on("click", (params) => {
      const url = params.data && params.data.url;
      if (url) window.location.assign(url);
    });
    window.addEventListener("resize", () => chart.resize());
  }

  document.addEventListener("DOMContentLoaded", () => {
    if (typeof echarts === "undefined") return;
    document.querySelectorAll("[data-dash-chart]").forEach(draw);
  });
})();
