/** The renderer bundle's entry: defining `dosia-app` pulls in every element it renders. */
import './dosia-app';
