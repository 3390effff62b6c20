{{%AUTOESCAPE context="HTML"}}
{{>HEADER}}
<section class="error">
  <h1>{{STATUS}} {{STATUS_TEXT}}</h1>
  <p>{{MESSAGE}}</p>
{{#LINK}}  <p><a href="{{LINK_HREF}}">{{LINK_LABEL}}</a></p>
{{/LINK}}  <p><a href="/">Back to the status board</a></p>
</section>
{{>FOOTER}}
