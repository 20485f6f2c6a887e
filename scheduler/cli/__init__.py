"""The ``notices`` command: ``main`` (parser, logging flags, errors) and one ``cmd_<name>`` module per subcommand."""
