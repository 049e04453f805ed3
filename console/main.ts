/** The Console bundle's entry: registering the app element registers every page it renders. */
import './bsk-console-app';
