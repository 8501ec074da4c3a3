package io.mapdirect.live;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** The filesystem a live-kernel property maps files on; {@link LiveKernelSkip} skips it where there is none. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@interface OnFilesystem {
    LiveFilesystem value();
}
