// The API page: Swagger UI on the server's own OpenAPI document.
window.addEventListener("DOMContentLoaded", () => {
  window.ui = SwaggerUIBundle({ url: "/openapi.yaml", dom_id: "#swagger-ui", deepLinking: true, tryItOutEnabled: false });
});
