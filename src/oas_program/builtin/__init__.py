"""Built-in plugins: written exactly like installed ones, registered by the host."""
