{{%AUTOESCAPE context="HTML"}}
  <fieldset class="field kind-choices" aria-describedby="error-kinds">
    <legend>Tell about</legend>
    <label><input type="checkbox" name="incidents" value="1"{{#INCIDENTS_CHECKED}} checked{{/INCIDENTS_CHECKED}}> Incidents</label>
    <label><input type="checkbox" name="maintenance" value="1"{{#MAINTENANCE_CHECKED}} checked{{/MAINTENANCE_CHECKED}}> Maintenance</label>
{{#KINDS_ERROR}}    <p class="field-error" id="error-kinds">{{KINDS_ERROR_TEXT}}</p>
{{/KINDS_ERROR}}  </fieldset>
  <fieldset class="field scope-choices" aria-describedby="error-scope">
    <legend>For</legend>
    <label><input type="radio" name="scope" value="all"{{#SCOPE_ALL}} checked{{/SCOPE_ALL}}> The whole page</label>
    <label><input type="radio" name="scope" value="regions"{{#SCOPE_REGIONS}} checked{{/SCOPE_REGIONS}}> The regions chosen below</label>
    <label><input type="radio" name="scope" value="components"{{#SCOPE_COMPONENTS}} checked{{/SCOPE_COMPONENTS}}> The components chosen below</label>
{{#SCOPE_ERROR}}    <p class="field-error" id="error-scope">{{SCOPE_ERROR_TEXT}}</p>
{{/SCOPE_ERROR}}    <fieldset class="region-picks">
      <legend>Regions</legend>
{{#REGION_PICK}}      <label><input type="checkbox" name="regions" value="{{REGION_PICK_NAME}}"{{#REGION_PICK_CHECKED}} checked{{/REGION_PICK_CHECKED}}> {{REGION_PICK_NAME}}</label>
{{/REGION_PICK}}    </fieldset>
    <fieldset class="component-choices">
      <legend>Components</legend>
{{#REGION_GROUP}}      <fieldset class="region-choices">
        <legend>{{REGION_NAME}}</legend>
{{#CATEGORY_GROUP}}        <div class="category-choices">
          <h3>{{CATEGORY_NAME}}</h3>
{{#COMPONENT_CHOICE}}          <label class="component-choice"><input type="checkbox" name="components" value="{{COMPONENT_ID}}"{{#COMPONENT_CHECKED}} checked{{/COMPONENT_CHECKED}}> {{COMPONENT_NAME}} ({{REGION_NAME}})</label>
{{/COMPONENT_CHOICE}}        </div>
{{/CATEGORY_GROUP}}      </fieldset>
{{/REGION_GROUP}}    </fieldset>
  </fieldset>
