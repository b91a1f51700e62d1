"""MkDocs hook file: for projects that list `hooks: [hooks/trustsite_hooks.py]` instead of the plugin.

MkDocs loads a hook file anew with every configuration it loads (every build, every `mkdocs serve`
rebuild), so this instance of the plugin lives exactly as long as one build, as a plugin's would. It runs
with the plugin's default options; list `- trustsite` under `plugins:` to set them.
"""

from trustsite.site.plugin import TrustsitePlugin

plugin = TrustsitePlugin()
plugin.load_config({})

# every event the plugin handles, under the names MkDocs looks for in a hook file
globals().update({name: getattr(plugin, name) for name in dir(plugin) if name.startswith("on_")
                  and getattr(type(plugin), name) is not getattr(TrustsitePlugin.__mro__[1], name, None)})
