/** jmpi's wire format: frame layouts and version, defined once. <b>Not API.</b> */
package io.jmpi.internal.wire;
