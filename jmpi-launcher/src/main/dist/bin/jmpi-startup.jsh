// Run by jmpi-shell at start-up, after jshell's DEFAULT imports.
import io.jmpi.*;
