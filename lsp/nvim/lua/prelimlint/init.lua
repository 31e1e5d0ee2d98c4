-- prelimlint for Neovim: starts `prelimlint lsp` for Markdown and plain-text buffers.
--
--   require("prelimlint").setup({ settings = { severityThreshold = "warning" } })
--
-- Neovim 0.7 uses vim.lsp.start_client + vim.lsp.buf_attach_client, 0.8+ uses
-- vim.lsp.start. On 0.11+ you can instead rely on lsp/prelimlint.lua and
-- vim.lsp.enable("prelimlint"). All linting happens in the server.
local M = {}

local NAME = "prelimlint"

M.defaults = {
  -- Full server command; when nil it is built from path / interpreter / extra_args.
  cmd = nil,
  -- The prelimlint executable (default: "prelimlint" on $PATH).
  path = nil,
  -- A Python interpreter that runs `-m prelimlint lsp` (used when path is nil).
  interpreter = nil,
  -- Extra arguments appended after `lsp`.
  extra_args = {},
  filetypes = { "markdown", "text" },
  -- The first directory upwards holding one of these is the workspace root.
  root_markers = { ".prelimlint.yml", ".prelimlint.yaml", "pyproject.toml", ".git" },
  -- Sent as initializationOptions and workspace/didChangeConfiguration,
  -- wrapped as { prelimlint = settings }.
  -- Keys: enable (bool), model (spaCy pipeline name), severityThreshold ("error"|"warning"|"info").
  settings = {},
  on_attach = nil,
  capabilities = nil,
}

local options = vim.deepcopy(M.defaults)
local started = {} -- Neovim 0.7: root_dir -> client id

--- The command that starts the server, from the options.
function M.command(opts)
  opts = opts or options
  if opts.cmd then
    return vim.deepcopy(opts.cmd)
  end
  local cmd
  if opts.path and opts.path ~= "" then
    cmd = { vim.fn.expand(opts.path), "lsp" }
  elseif opts.interpreter and opts.interpreter ~= "" then
    cmd = { vim.fn.expand(opts.interpreter), "-m", "prelimlint", "lsp" }
  else
    cmd = { "prelimlint", "lsp" }
  end
  vim.list_extend(cmd, opts.extra_args or {})
  return cmd
end

-- { prelimlint = settings }; an empty table must reach the server as {} and not as [].
local function wrapped_settings(opts)
  local settings = vim.deepcopy(opts.settings or {})
  if next(settings) == nil then
    settings = vim.empty_dict()
  end
  return { prelimlint = settings }
end

--- Walks up from `path` to the first directory holding one of the markers; without one,
--- the working directory if `path` is inside it, else the file's own directory.
function M.root_dir(path, markers)
  markers = markers or options.root_markers
  local cwd = vim.fn.getcwd()
  local start = vim.fn.fnamemodify(path ~= "" and path or cwd, ":p:h")
  local dir = start
  while true do
    for _, marker in ipairs(markers) do
      if vim.loop.fs_stat(dir .. "/" .. marker) then
        return dir
      end
    end
    local parent = vim.fn.fnamemodify(dir, ":h")
    if parent == dir then
      break
    end
    dir = parent
  end
  if start == cwd or vim.startswith(start, cwd .. "/") then
    return cwd
  end
  return start
end

--- A client config for vim.lsp.start / vim.lsp.start_client / vim.lsp.config.
function M.client_config(opts, bufnr)
  opts = opts or options
  local cfg = {
    name = NAME,
    cmd = M.command(opts),
    filetypes = opts.filetypes,
    root_markers = opts.root_markers,
    init_options = wrapped_settings(opts),
    settings = wrapped_settings(opts),
    on_attach = opts.on_attach,
    capabilities = opts.capabilities,
  }
  if bufnr then
    cfg.root_dir = M.root_dir(vim.api.nvim_buf_get_name(bufnr), opts.root_markers)
    cfg.workspace_folders = { { uri = vim.uri_from_fname(cfg.root_dir), name = cfg.root_dir } }
  end
  return cfg
end

local warned = false
local function executable_ok(cmd)
  if vim.fn.executable(cmd[1]) == 1 then
    return true
  end
  if not warned then
    warned = true
    vim.notify(
      ("prelimlint: cannot start the language server, %q is not executable. "
        .. "Install prelimlint or set `path`/`interpreter` in setup()."):format(cmd[1]),
      vim.log.levels.WARN
    )
  end
  return false
end

--- Starts (or reuses) the client for `bufnr` and attaches it. Returns the client id.
function M.attach(bufnr)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  local cfg = M.client_config(options, bufnr)
  if not executable_ok(cfg.cmd) then
    return nil
  end
  if vim.lsp.start then -- Neovim 0.8+
    return vim.lsp.start(cfg, { bufnr = bufnr })
  end
  local id = started[cfg.root_dir]
  if not id or not vim.lsp.get_client_by_id(id) or vim.lsp.client_is_stopped(id) then
    id = vim.lsp.start_client(cfg)
    if not id then
      return nil
    end
    started[cfg.root_dir] = id
  end
  vim.lsp.buf_attach_client(bufnr, id)
  return id
end

local function matching_buffers()
  local bufs = {}
  for _, buf in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(buf) and vim.tbl_contains(options.filetypes, vim.bo[buf].filetype) then
      table.insert(bufs, buf)
    end
  end
  return bufs
end

local function clients()
  if vim.lsp.get_clients then
    return vim.lsp.get_clients({ name = NAME })
  end
  local out = {}
  for _, client in pairs(vim.lsp.get_active_clients()) do
    if client.name == NAME then
      table.insert(out, client)
    end
  end
  return out
end

--- Stops every prelimlint client and starts fresh ones for the open buffers.
function M.restart()
  local list = clients()
  for _, client in ipairs(list) do
    client.stop()
  end
  started = {}
  vim.wait(3000, function()
    for _, client in ipairs(list) do
      if not client.is_stopped() then
        return false
      end
    end
    return true
  end, 50)
  for _, buf in ipairs(matching_buffers()) do
    M.attach(buf)
  end
end

--- Merges `opts` into the defaults and starts the server for matching buffers.
function M.setup(opts)
  options = vim.tbl_deep_extend("force", vim.deepcopy(M.defaults), opts or {})
  warned = false
  local group = vim.api.nvim_create_augroup("prelimlint", { clear = true })
  vim.api.nvim_create_autocmd("FileType", {
    group = group,
    pattern = options.filetypes,
    callback = function(args)
      M.attach(args.buf)
    end,
    desc = "Start the prelimlint language server",
  })
  vim.api.nvim_create_user_command("PrelimlintRestart", M.restart, { desc = "Restart the prelimlint language server" })
  for _, buf in ipairs(matching_buffers()) do
    M.attach(buf)
  end
end

--- The options in force (after setup()).
function M.options()
  return options
end

return M
