{{%AUTOESCAPE context="HTML"}}
{{>HEADER}}
<h1>Open an incident or schedule a maintenance</h1>
{{#ERRORS}}<p class="form-errors" role="alert">Nothing was saved: {{ERROR_COUNT}} field(s) need attention.</p>
{{/ERRORS}}
<form class="operator-form open-incident-form" method="post" action="/incidents">
  <input type="hidden" name="{{CSRF_FIELD}}" value="{{CSRF_TOKEN}}">
  <div class="field">
    <label for="title">Title</label>
    <input id="title" name="title" type="text" required minlength="8" maxlength="200" value="{{TITLE_VALUE}}" aria-describedby="error-title">
{{#TITLE_ERROR}}    <p class="field-error" id="error-title">{{TITLE_ERROR_TEXT}}</p>
{{/TITLE_ERROR}}  </div>
  <div class="field">
    <label for="impact">Impact</label>
    <select id="impact" name="impact">
{{#IMPACT_CHOICE}}      <option value="{{IMPACT_CHOICE_KEY}}"{{#IMPACT_CHOICE_SELECTED}} selected{{/IMPACT_CHOICE_SELECTED}}>{{IMPACT_CHOICE_TEXT}}</option>
{{/IMPACT_CHOICE}}    </select>
{{#IMPACT_ERROR}}    <p class="field-error" id="error-impact">{{IMPACT_ERROR_TEXT}}</p>
{{/IMPACT_ERROR}}  </div>
  <fieldset class="field component-choices">
    <legend>Affected components</legend>
{{#COMPONENTS_ERROR}}    <p class="field-error" id="error-components">{{COMPONENTS_ERROR_TEXT}}</p>
{{/COMPONENTS_ERROR}}
{{#REGION_GROUP}}    <fieldset class="region-choices">
      <legend>{{REGION_NAME}}</legend>
{{#CATEGORY_GROUP}}      <div class="category-choices">
        <h3>{{CATEGORY_NAME}}</h3>
{{#COMPONENT_CHOICE}}        <label class="component-choice"><input type="checkbox" name="components" value="{{COMPONENT_ID}}"{{#COMPONENT_CHECKED}} checked{{/COMPONENT_CHECKED}}> {{COMPONENT_NAME}} ({{REGION_NAME}})</label>
{{/COMPONENT_CHOICE}}      </div>
{{/CATEGORY_GROUP}}    </fieldset>
{{/REGION_GROUP}}  </fieldset>
  <div class="field">
    <label for="start">Start</label>
    <input id="start" name="start" type="datetime-local" value="{{START_VALUE}}" aria-describedby="error-start">
    <span class="hint">An incident starts now or earlier; empty means now.</span>
{{#START_ERROR}}    <p class="field-error" id="error-start">{{START_ERROR_TEXT}}</p>
{{/START_ERROR}}  </div>
  <div class="field">
    <label for="end">End (maintenance only)</label>
    <input id="end" name="end" type="datetime-local" value="{{END_VALUE}}" aria-describedby="error-end">
{{#END_ERROR}}    <p class="field-error" id="error-end">{{END_ERROR_TEXT}}</p>
{{/END_ERROR}}  </div>
  <div class="field">
    <label for="timezone">Times above are in</label>
    <select id="timezone" name="timezone">
{{ZONE_OPTIONS:none}}    </select>
{{#TIMEZONE_ERROR}}    <p class="field-error" id="error-timezone">{{TIMEZONE_ERROR_TEXT}}</p>
{{/TIMEZONE_ERROR}}  </div>
  <div class="field">
    <label for="description">Description (maintenance; up to 1500 characters)</label>
    <textarea id="description" name="description" rows="5" maxlength="1500" aria-describedby="error-description">{{DESCRIPTION_VALUE}}</textarea>
{{#DESCRIPTION_ERROR}}    <p class="field-error" id="error-description">{{DESCRIPTION_ERROR_TEXT}}</p>
{{/DESCRIPTION_ERROR}}  </div>
  <p><button type="submit">Open incident</button></p>
</form>
{{>FOOTER}}
