-- Client config for Neovim 0.11+:  vim.lsp.enable("prelimlint")
-- Override fields with vim.lsp.config("prelimlint", { ... }), for example
--   vim.lsp.config("prelimlint", { settings = { prelimlint = { severityThreshold = "warning" } } })
-- If require("prelimlint").setup(opts) ran first, its path/interpreter/settings are used.
local ok, prelimlint = pcall(require, "prelimlint")
if ok then
  local cfg = prelimlint.client_config()
  cfg.name = nil -- vim.lsp.enable names the client after this file
  return cfg
end
return {
  cmd = { "prelimlint", "lsp" },
  filetypes = { "markdown", "text" },
  root_markers = { ".prelimlint.yml", ".prelimlint.yaml", "pyproject.toml", ".git" },
  init_options = { prelimlint = vim.empty_dict() },
  settings = { prelimlint = vim.empty_dict() },
}
