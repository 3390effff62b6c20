{{%AUTOESCAPE context="HTML"}}
{{>HEADER}}
<h1>Component availability</h1>
<p class="availability-intro">The share of each calendar month (UTC) in which a service had no outage. Only outages count, not minor or major incidents or maintenance; the current month is measured up to now.</p>
{{#UNKNOWN_REGION}}
<p class="notice" role="alert">There is no region called “{{REQUESTED_REGION}}”. Showing {{SELECTED_REGION}} instead.</p>
{{/UNKNOWN_REGION}}
{{#EMPTY_CATALOG}}
<p class="notice">No components are configured yet.</p>
{{/EMPTY_CATALOG}}
<div class="region-panels">
{{#REGION}}
<section class="region-panel{{#REGION_SELECTED}} region-selected{{/REGION_SELECTED}}" id="{{REGION_ANCHOR}}" aria-labelledby="{{REGION_ANCHOR}}-heading">
<nav class="region-tabs" aria-label="Regions">
  <ul>
{{#REGION_TAB}}    <li><a href="#{{TAB_ANCHOR}}"{{#TAB_CURRENT}} aria-current="true"{{/TAB_CURRENT}}>{{TAB_NAME}}</a></li>
{{/REGION_TAB}}  </ul>
</nav>
<h2 class="visually-hidden" id="{{REGION_ANCHOR}}-heading">Availability in {{REGION_NAME}}</h2>
<p class="months-choice">Months shown:
{{#MONTHS_CHOICE}} <a href="/availability?region={{REGION_NAME:u}}&amp;months={{CHOICE}}"{{#CHOICE_CURRENT}} aria-current="page"{{/CHOICE_CURRENT}}>{{CHOICE}}</a>
{{/MONTHS_CHOICE}}</p>
<div class="availability-scroll">
<table class="availability">
  <caption>Availability in {{REGION_NAME}}, last {{MONTH_COUNT}} months</caption>
  <thead>
    <tr>
      <th scope="col">Service</th>
{{#MONTH_HEAD}}      <th scope="col">{{MONTH_LABEL}}{{#MONTH_TO_DATE}} <span class="to-date">(to date)</span>{{/MONTH_TO_DATE}}</th>
{{/MONTH_HEAD}}    </tr>
  </thead>
{{#CATEGORY}}
  <tbody>
    <tr class="category"><th scope="rowgroup" colspan="{{COLUMN_COUNT}}">{{CATEGORY_NAME}}</th></tr>
{{#COMPONENT}}    <tr id="component-{{COMPONENT_ID}}">
      <th scope="row">{{COMPONENT_NAME}}</th>
{{CELLS:none}}    </tr>
{{/COMPONENT}}  </tbody>
{{/CATEGORY}}
</table>
</div>
</section>
{{/REGION}}
</div>
<p class="as-of">As of <time datetime="{{NOW_ISO}}">{{NOW_DISPLAY}}</time>.</p>
{{>FOOTER}}
