/* yusuan portal: draws the charts described by the page's JSON block, shows upload progress. */
(function () {
  "use strict";

  function drawCharts() {
    var block = document.getElementById("chart-data");
    if (!block) return;
    var options = JSON.parse(block.textContent);
    var boxes = document.querySelectorAll("[data-chart]");
    if (typeof window.echarts === "undefined") {
      boxes.forEach(function (el) {
        el.classList.add("unavailable");
        el.textContent = "图表组件未安装（服务器需运行 make web）；数据见本页表格和 JSON。";
      });
      return;
    }
    var charts = [];
    boxes.forEach(function (el) {
      var option = options[el.getAttribute("data-chart")];
      if (!option) return;
      if (el.dataset.height) el.style.height = el.dataset.height + "px";
      delete option.height_px;
      delete option.note;
      fitLabels(option, el);
      var chart = window.echarts.init(el, null, { renderer: "canvas" });
      chart.setOption(option);
      chart.on("click", function (params) {  // a bar that stands for a figure opens it in its document
        if (params.data && params.data.link) window.location.href = params.data.link;
      });
      el.setAttribute("data-drawn", "true");
      charts.push(chart);
    });
    window.addEventListener("resize", function () {
      charts.forEach(function (c) { c.resize(); });
    });
  }

  // names written above their bars take the whole width of the chart, whatever the screen
  function fitLabels(option, el) {
    var axes = [].concat(option.yAxis || []);
    axes.forEach(function (axis) {
      var label = axis && axis.axisLabel;
      if (label && label.fill_width) {
        label.width = Math.max(120, el.clientWidth - 28);
        delete label.fill_width;
      }
    });
  }

  function uploadStatus() {
    var form = document.getElementById("upload-form");
    if (!form) return;
    form.addEventListener("submit", function () {
      var status = document.getElementById("upload-status");
      var button = form.querySelector("button[type=submit]");
      if (button) button.disabled = true;
      if (status) status.textContent = "正在上传、读取并检查文件……PDF 可能需要几十秒，请不要关闭页面。";
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    drawCharts();
    uploadStatus();
  });
})();
