/** The plugin contract's version. Plugins declare the range they support in `engines.kernel`. */
export const KERNEL_VERSION = '1.0.0';
