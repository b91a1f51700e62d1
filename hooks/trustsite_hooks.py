"""MkDocs hook file: for projects that list `hooks: [hooks/trustsite_hooks.py]` instead of the plugin.

MkDocs loads a hook file anew with every configuration it loads (every build, every `mkdocs serve`
rebuild), so this instance of the plugin lives exactly as long as one build, as a plugin's would. It runs
with the plugin's default options; list `- trustsite` under `plugins:` to set them.
"""

from trustsite.site.plugin import TrustsitePlugin

plugin = TrustsitePlugin()
plugin.load_config({})

on_config = plugin.on_config
on_files = plugin.on_files
on_nav = plugin.on_nav
on_page_markdown = plugin.on_page_markdown
on_env = plugin.on_env
on_post_template = plugin.on_post_template
on_post_build = plugin.on_post_build
on_build_error = plugin.on_build_error
