-- Headless Neovim (0.7+) as the LSP client: starts deploy-lint lsp with vim.lsp.start_client,
-- attaches it to one buffer, waits for diagnostics and writes vim.diagnostic.get() as JSON.
-- REPO: the workspace folder; OPEN: the file to open; OUT: where to write; LSP_CMD: the command, tab-separated.
local repo = vim.env.REPO
local out = vim.env.OUT
local cmd = vim.split(vim.env.LSP_CMD, '\t')
local id = vim.lsp.start_client({
  cmd = cmd,
  root_dir = repo,
  workspace_folders = { { uri = vim.uri_from_fname(repo), name = 'repo' } },
})
local buf = vim.fn.bufadd(repo .. '/' .. vim.env.OPEN)
vim.fn.bufload(buf)
vim.lsp.buf_attach_client(buf, id)
local ok = vim.wait(30000, function() return #vim.diagnostic.get(buf) > 0 end, 50)
local rows = {}
for _, d in ipairs(vim.diagnostic.get()) do
  local code = (d.user_data and d.user_data.lsp and d.user_data.lsp.code) or d.code
  table.insert(rows, { file = vim.fn.fnamemodify(vim.api.nvim_buf_get_name(d.bufnr), ':.'), lnum = d.lnum + 1, col = d.col + 1, severity = d.severity, code = code, source = d.source, message = d.message })
end
local f = io.open(out, 'w'); f:write(vim.fn.json_encode({ ok = ok, diagnostics = rows })); f:close()
vim.lsp.stop_client(id)
vim.cmd('qall!')
