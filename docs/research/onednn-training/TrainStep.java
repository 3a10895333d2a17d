import org.bytedeco.javacpp.*;
import org.bytedeco.dnnl.*;
import static org.bytedeco.dnnl.global.dnnl.*;
import java.util.*;
/** Timing prototype: one training step's forward and backward of the shipped design (8 convs + BN + ReLU) on oneDNN directly. */
public class TrainStep {
  static engine eng = new engine(engine.kind.cpu, 0);
  static stream s = new stream(eng);
  static List<primitive> prims = new ArrayList<>(); static List<IntMemoryMap> margs = new ArrayList<>(); static List<String> names = new ArrayList<>();
  static memory.desc md(long[] d, memory.format_tag t){ return new memory.desc(d, memory.data_type.f32, t); }
  static memory ensure(memory m, memory.desc want, String name){ if (m.get_desc().equals(want)) return m; memory to=new memory(want, eng); IntMemoryMap a=new IntMemoryMap(); a.put(DNNL_ARG_FROM,m); a.put(DNNL_ARG_TO,to); prims.add(new reorder(m,to)); margs.add(a); names.add("reorder "+name); return to; }
  static void add(primitive p, IntMemoryMap a, String n){ prims.add(p); margs.add(a); names.add(n); }
  public static void main(String[] args){
    int N=Integer.parseInt(args[0]); int iters=Integer.parseInt(args[1]);
    int[] ch={16,16,32,32,64,64,128,128}; int[] st={1,2,1,2,1,2,1,2};
    int flags = normalization_flags.use_scale_shift.value | normalization_flags.fuse_norm_relu.value;
    memory x = new memory(md(new long[]{N,1,56,56}, memory.format_tag.nchw), eng);
    int in=1, h=56; memory cur=x;
    convolution_forward.primitive_desc[] cf=new convolution_forward.primitive_desc[8]; batch_normalization_forward.primitive_desc[] bf=new batch_normalization_forward.primitive_desc[8];
    memory[] convSrc=new memory[8], convW=new memory[8], convDst=new memory[8], bnDst=new memory[8], bnMean=new memory[8], bnVar=new memory[8], bnWs=new memory[8], bnSS=new memory[8];
    long[][] dims=new long[8][]; long[][] pads=new long[8][]; int[] ohs=new int[8];
    for(int l=0;l<8;l++){ int out=ch[l], sv=st[l]; int oh=(h+sv-1)/sv; int pt=Math.max(0,(oh-1)*sv+3-h); long[] pl={pt/2,pt/2}, pr={pt-pt/2,pt-pt/2};
      convolution_forward.desc d=new convolution_forward.desc(prop_kind.forward_training, algorithm.convolution_direct, md(new long[]{N,in,h,h},memory.format_tag.any), md(new long[]{out,in,3,3},memory.format_tag.any), md(new long[]{out},memory.format_tag.x), md(new long[]{N,out,oh,oh},memory.format_tag.any), new long[]{sv,sv}, pl, pr);
      cf[l]=new convolution_forward.primitive_desc(d, eng);
      convSrc[l]=ensure(cur, cf[l].src_desc(), "fwd src "+l); convW[l]=new memory(cf[l].weights_desc(),eng); convDst[l]=new memory(cf[l].dst_desc(),eng);
      IntMemoryMap a=new IntMemoryMap(); a.put(DNNL_ARG_SRC,convSrc[l]); a.put(DNNL_ARG_WEIGHTS,convW[l]); a.put(DNNL_ARG_BIAS,new memory(md(new long[]{out},memory.format_tag.x),eng)); a.put(DNNL_ARG_DST,convDst[l]);
      add(new convolution_forward(cf[l]), a, "conv fwd "+l+" "+cf[l].impl_info_str().getString());
      batch_normalization_forward.desc bd=new batch_normalization_forward.desc(prop_kind.forward_training.value, cf[l].dst_desc(), 1e-5f, flags);
      bf[l]=new batch_normalization_forward.primitive_desc(bd, eng);
      bnDst[l]=new memory(bf[l].dst_desc(),eng); bnMean[l]=new memory(bf[l].mean_desc(),eng); bnVar[l]=new memory(bf[l].variance_desc(),eng); bnWs[l]=new memory(bf[l].workspace_desc(),eng); bnSS[l]=new memory(bf[l].weights_desc(),eng);
      IntMemoryMap b=new IntMemoryMap(); b.put(DNNL_ARG_SRC,convDst[l]); b.put(DNNL_ARG_DST,bnDst[l]); b.put(DNNL_ARG_MEAN,bnMean[l]); b.put(DNNL_ARG_VARIANCE,bnVar[l]); b.put(DNNL_ARG_WORKSPACE,bnWs[l]); b.put(DNNL_ARG_SCALE_SHIFT,bnSS[l]);
      add(new batch_normalization_forward(bf[l]), b, "bn fwd "+l);
      cur=bnDst[l]; in=out; h=oh; dims[l]=new long[]{sv}; pads[l]=new long[]{pl[0],pr[0]}; ohs[l]=oh; }
    // backward
    memory diff = new memory(bf[7].dst_desc(), eng); // gradient from the pooled heads
    for(int l=7;l>=0;l--){ int out=ch[l], inC = l==0?1:ch[l-1]; int hh = l==0?56:ohs[l-1]; int oh=ohs[l]; int sv=(int)dims[l][0];
      batch_normalization_backward.desc bbd=new batch_normalization_backward.desc(prop_kind.backward.value, bf[l].dst_desc(), cf[l].dst_desc(), 1e-5f, flags);
      batch_normalization_backward.primitive_desc bb=new batch_normalization_backward.primitive_desc(bbd, eng, bf[l]);
      memory dd = ensure(diff, bb.diff_dst_desc(), "bn diff_dst "+l); memory dsrc=new memory(bb.diff_src_desc(),eng); memory dss=new memory(bb.diff_weights_desc(),eng);
      IntMemoryMap a=new IntMemoryMap(); a.put(DNNL_ARG_SRC,convDst[l]); a.put(DNNL_ARG_MEAN,bnMean[l]); a.put(DNNL_ARG_VARIANCE,bnVar[l]); a.put(DNNL_ARG_DIFF_DST,dd); a.put(DNNL_ARG_SCALE_SHIFT,bnSS[l]); a.put(DNNL_ARG_WORKSPACE,bnWs[l]); a.put(DNNL_ARG_DIFF_SRC,dsrc); a.put(DNNL_ARG_DIFF_SCALE_SHIFT,dss);
      add(new batch_normalization_backward(bb), a, "bn bwd "+l);
      long[] pl={pads[l][0],pads[l][0]}, pr={pads[l][1],pads[l][1]};
      convolution_backward_weights.desc wd=new convolution_backward_weights.desc(algorithm.convolution_direct, md(new long[]{N,inC,hh,hh},memory.format_tag.any), md(new long[]{out,inC,3,3},memory.format_tag.any), md(new long[]{out},memory.format_tag.x), md(new long[]{N,out,oh,oh},memory.format_tag.any), new long[]{sv,sv}, pl, pr);
      convolution_backward_weights.primitive_desc wp=new convolution_backward_weights.primitive_desc(wd, eng, cf[l]);
      IntMemoryMap w=new IntMemoryMap(); w.put(DNNL_ARG_SRC, ensure(convSrc[l], wp.src_desc(), "bww src "+l)); w.put(DNNL_ARG_DIFF_DST, ensure(dsrc, wp.diff_dst_desc(), "bww diff_dst "+l)); w.put(DNNL_ARG_DIFF_WEIGHTS,new memory(wp.diff_weights_desc(),eng)); w.put(DNNL_ARG_DIFF_BIAS,new memory(wp.diff_bias_desc(),eng));
      add(new convolution_backward_weights(wp), w, "conv bwd w "+l+" "+wp.impl_info_str().getString());
      if (l>0){ convolution_backward_data.desc dd2=new convolution_backward_data.desc(algorithm.convolution_direct, md(new long[]{N,inC,hh,hh},memory.format_tag.any), md(new long[]{out,inC,3,3},memory.format_tag.any), md(new long[]{N,out,oh,oh},memory.format_tag.any), new long[]{sv,sv}, pl, pr);
        convolution_backward_data.primitive_desc dp=new convolution_backward_data.primitive_desc(dd2, eng, cf[l]);
        memory ds=new memory(dp.diff_src_desc(),eng);
        IntMemoryMap q=new IntMemoryMap(); q.put(DNNL_ARG_DIFF_DST, ensure(dsrc, dp.diff_dst_desc(), "bwd d diff_dst "+l)); q.put(DNNL_ARG_WEIGHTS, ensure(convW[l], dp.weights_desc(), "bwd d w "+l)); q.put(DNNL_ARG_DIFF_SRC, ds);
        add(new convolution_backward_data(dp), q, "conv bwd d "+l+" "+dp.impl_info_str().getString()); diff=ds; }
    }
    double[] t=new double[prims.size()];
    for(int it=0;it<iters+5;it++){ for(int k=0;k<prims.size();k++){ long t0=System.nanoTime(); prims.get(k).execute(s, margs.get(k)); s._wait(); if(it>=5) t[k]+=System.nanoTime()-t0; } }
    double tot=Arrays.stream(t).sum();
    System.out.printf("N=%d: %.1f ms per step, %.0f images/s (forward + backward of the convolutions and batch norms)%n", N, tot/iters/1e6, N*iters/(tot/1e9));
    for(int k=0;k<prims.size();k++) if (t[k]/tot>0.02) System.out.printf("  %5.1f%% %s%n", 100*t[k]/tot, names.get(k));
  }
}
